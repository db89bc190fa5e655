# Liaison — 联络点之间的往来（issue 5）：附件 A 第 10 段的声明、模板的标签和选项列表，以及
# 应用内通知（中文）。

## 附件 A 第 10 段（COM-07、IR-13）：随每份询问、答复和收讫确认一并显示。

thread-notice-acknowledgement = 对一份通信的初步收讫确认并不意味着同意其中所含信息，不损害答复国的立场，也不预先判断此后可能进行的任何通信。
thread-notice-territory = 通知一国其领土正被用于实施不法行为，本身并不意味着该国应对该行为负责。
thread-exercise-label = 演练

## 模板（附件 A 的附录）。

template-inquiry-title = 关于信通技术安全事件的询问
template-response-title = 对询问的答复
template-field-language = 文本语言
template-field-sender = 发件人
template-field-sender-name = 姓名
template-field-sender-affiliation = 所属机构
template-field-incident = 事件性质
template-field-incident-category = 类别
template-field-incident-sector = 受影响部门
template-field-incident-observed-at = 发现时间
template-field-incident-description = 描述
template-field-request = 请求
template-field-request-type = 请求类型
template-field-request-details = 所请求的信息或协助
template-field-contact = 联系方式
template-field-contact-email = 电子邮件
template-field-contact-phone = 电话
template-field-contact-other = 其他联系方式
template-field-time-sensitivity = 时效性
template-field-urgency = 紧急程度
template-field-respond-by = 答复期限
template-field-follow-up = 后续行动
template-field-proposed-channel = 建议的后续联系渠道
template-field-primary-agency = 负责此事件的主要机构
template-field-tlp = TLP 标记
template-field-stix = 技术数据（STIX 2.1）
template-field-translation = 作者提供的译文
template-field-in-reply-to = 答复对象
template-field-response = 答复
template-field-response-type = 答复类型
template-field-response-text = 正文
template-field-estimated-time-frame = 预计时间
template-field-expected-by = 预计不晚于
template-field-channel-agreed = 同意所提渠道
template-field-channel = 渠道

inquiry-category-critical-infrastructure = 关键基础设施受影响
inquiry-category-malware = 恶意软件
inquiry-category-intrusion = 入侵
inquiry-category-denial-of-service = 拒绝服务
inquiry-category-information-operations = 信息行动
inquiry-category-vulnerability = 漏洞
inquiry-category-spam-abuse = 垃圾信息或滥用
inquiry-category-other = 其他类别

inquiry-sector-energy = 能源
inquiry-sector-transport = 交通运输
inquiry-sector-banking-finance = 银行与金融
inquiry-sector-health = 卫生
inquiry-sector-water = 水务
inquiry-sector-digital-infrastructure = 数字基础设施
inquiry-sector-telecommunications = 电信
inquiry-sector-government = 政府行政
inquiry-sector-defence = 国防
inquiry-sector-emergency-services = 应急服务
inquiry-sector-food-agriculture = 粮食与农业
inquiry-sector-manufacturing = 制造业
inquiry-sector-chemicals = 化工
inquiry-sector-space = 空间
inquiry-sector-education-research = 教育与科研
inquiry-sector-media = 媒体
inquiry-sector-other = 其他部门

inquiry-request-information = 请求提供信息
inquiry-request-action = 请求采取行动
inquiry-request-specific-assistance = 请求具体协助

response-type-substantive = 即时答复
response-type-will-consider = 将研究此询问，并随后提供进一步信息

urgency-low = 低
urgency-normal = 一般
urgency-high = 高
urgency-critical = 危急

tlp-clear = TLP:CLEAR — 不限制分发
tlp-green = TLP:GREEN — 限于相关社群
tlp-amber = TLP:AMBER — 限于收件人所在组织，按需知悉
tlp-amber-strict = TLP:AMBER+STRICT — 仅限收件人所在组织
tlp-red = TLP:RED — 仅限指名的收件人

## 应用内通知。

notification-new-inquiry = 收到一份新的询问。
notification-new-response = 一个往来中收到新的答复。
notification-new-acknowledgement = 一份询问已被确认收到。
notification-new-note = 有人为贵国的联络点留下了一条协调说明。
notification-consent-requested = 一名参与方请求您同意将某一往来的内容提供给第三方。
notification-consent-decided = 一名参与方已答复您的同意请求。
notification-thread-closed = 一个往来已关闭。
notification-key-needed = 有一份询问在等您。请登录并发布 OpenPGP 密钥以接收。
notification-recipient-key-available = 一名原先没有密钥的收件人已发布密钥：请为其重新加密您的消息。
notification-content-reencrypted = 一条原先等待您密钥的消息现在可以阅读了。
notification-state-thread-opened = 贵国参与了一个新的往来。
