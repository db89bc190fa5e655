# Liaison — 网页文本（中文）。
# 每个语言文件夹包含相同的消息标识符；缺少或未使用任何消息时，测试即告失败。

## 所有页面

site-name = 全球政府间联络点名录
nav-skip-to-content = 跳至正文
nav-main = 主导航
nav-directory = 名录
nav-my-state = 本国
nav-admin = 管理
nav-account = 我的账户
nav-sign-out = 退出登录
nav-sign-in = 登录
nav-languages = 语言
footer-source = 根据信息和通信技术安全及其使用问题不限成员名额工作组第二次年度进展报告附件A设立（A/78/265）。
footer-software = Liaison：本名录的开源软件。

## 每种语言在所有语言文件中均以其本身的文字标示。

language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español

## 关于名录任务的公开页面（附件A第1至7段）。

mandate-title = 全球政府间信息和通信技术安全联络点名录
mandate-intro = 联合国会员国在不限成员名额工作组中商定建立一个全球政府间名录，使各国能够就在国际和平与安全背景下使用信息和通信技术（信通技术）的问题联系彼此的联络点。
mandate-purpose-heading = 宗旨
mandate-purpose-intro = 名录本身即是一项建立信任措施，也是落实其他此类措施的基础，有助于促进开放、安全、稳定、无障碍及和平的信通技术环境。名录的宗旨是：
mandate-purpose-cooperation = 加强国家间的互动与合作，从而促进国际和平与安全，提高透明度和可预测性；
mandate-purpose-coordination = 便利国家间的协调与沟通，包括在发生紧急或重大信通技术事件时，以建立信任、缓和紧张局势、防止误解和误判；
mandate-purpose-exchange = 增加信息交流，使各国能够（包括通过能力建设）更好地预防、发现、应对信通技术事件并从中恢复；
mandate-purpose-channel = 为各国提供安全、直接的沟通渠道，帮助预防和处理严重的信通技术事件（包括影响关键基础设施的事件），并在危机情况下缓和紧张局势。
mandate-principles-heading = 原则
mandate-principle-voluntary-term = 自愿
mandate-principle-voluntary = 各国自行决定是否参与以及提供哪些信息。
mandate-principle-neutral-term = 务实和中立
mandate-principle-neutral = 名录平等地服务于所有参与国。名录管理方负责运行平台，不修改各国提供的信息。
mandate-principle-sovereignty-term = 主权
mandate-principle-sovereignty = 名录的开发和使用遵循主权、主权平等、以和平手段解决争端以及不干涉他国内政的原则。
mandate-principle-complementary-term = 互补
mandate-principle-complementary = 名录考虑到并补充计算机应急小组（CERT）和计算机安全事件应对小组（CSIRT）网络以及现有区域名录的工作。
mandate-contents-heading = 名录的内容
mandate-contents-nomination = 每个参与国可提名外交联络点和技术联络点。联络点可以是经授权的国家实体或机构，也可以是此类实体或机构的指定代表。
mandate-contents-details = 每个条目列明实体名称、电话号码和电子邮件地址、相关人员的姓名和职衔（如适用）以及联络点的工作语言。
mandate-contents-languages = 条目可以用联合国六种正式语文中的任何一种提交；鼓励各国附上非正式英文译文。
mandate-contents-roles = 外交联络点与外交联络点沟通，技术联络点与技术联络点沟通。
mandate-protection-heading = 信息保护
mandate-protection = 名录托管在受到安全保护的网站上，只存有联系信息。名录不存放联络点发送或相互交换的机密信息：此类沟通通过双方商定的渠道进行，酌情包括安全渠道。
mandate-joining-heading = 国家如何参与
mandate-joining-request = 希望参与的国家通过其常驻纽约联合国代表团，向名录管理方联合国裁军事务厅申请访问权限。
mandate-joining-admission = 名录管理方接纳该国成为名录参与国。
mandate-joining-enrolment = 名录管理方向该国指定的管理员发送一次性、限时有效的注册链接；该管理员随后提名本国联络点，并为代表这些联络点行事的人员开通访问权限。
mandate-joining-updates = 各国在信息发生变化时随时更新本国信息。
mandate-access-note = 本页介绍名录。名录条目仅供参与国已登录的用户查阅。

## Error pages.

error-back-home = 返回首页
error-sign-in-title = 请登录
error-sign-in-body = 此页面仅供参与国已登录的用户访问。
error-forbidden-title = 无权执行此操作
error-forbidden-body = 您的账户不允许执行此操作。如您认为应当允许，请联系本国管理员。
error-not-found-title = 未找到页面
error-not-found-body = 此地址没有内容。请检查链接，或使用上方的导航。
error-csrf-title = 表单已过期
error-csrf-body = 为保障您的安全，无法接受该表单。请返回，重新加载页面后再次提交。
error-conflict-title = 无法完成此操作
error-conflict-body = 信息已在此期间发生变化，或该操作已不再适用。请重新加载页面查看当前情况。
error-bad-request-title = 无法理解该请求
error-bad-request-body = 所发送的部分信息无效。请返回并检查表单。
error-too-many-title = 尝试次数过多
error-too-many-body = 请稍候再试。
error-internal-title = 出现错误
error-internal-body = 服务器无法完成该请求。未作任何更改。请稍后再试。
