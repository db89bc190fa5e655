# Liaison 发送的电子邮件（第 4 号事项）：联络点的“ping”测试，以条目所用语言撰写并附英文文本；
# 以及发给一国管理员的升级通知，以每位管理员的语言撰写。

mail-directory = 全球政府间信息和通信技术安全联络点名录
mail-ping-subject = 联络点名录“ping”测试：请于 { $deadline } 前确认收到
mail-ping-greeting = 尊敬的联络点：
mail-ping-intro = { $directory }每六个月核查一次其信息是否最新（附件 A 第 8 段）。这是 { $started } 启动的一轮测试中针对以下条目的“ping”测试：
mail-ping-entry = { $entry }（{ $state }，{ $role }联络点）
mail-ping-deadline = 请于 { $deadline } 前确认收到本邮件。
mail-ping-deadline-local = 按您所在时区（{ $zone }）计算，即 { $deadline }。
mail-ping-how = 您可以通过以下任一方式确认：
mail-ping-how-link = 打开此链接，并在打开的页面上点击按钮：
mail-ping-how-reply = 回复本邮件（内容不限）；
mail-ping-how-app = 登录名录，测试列在您的待处理事项中。
mail-ping-key-expired = 为此条目发布的 OpenPGP 密钥已于 { $date } 过期。请发布新的密钥。
mail-ping-key-expiring = 为此条目发布的 OpenPGP 密钥将于 { $date } 过期，早于下一次“ping”测试。请及时发布新的密钥。
mail-ping-outdated = 如此条目已不准确，请联系贵国的名录管理员予以更新。
mail-ping-footer = 本邮件为自动发送。请勿转发：链接专属于此条目，且只能使用一次。
mail-english-follows = 以下为同一邮件的英文文本。
mail-role-diplomatic = 外交
mail-role-technical = 技术
mail-escalation-subject = “ping”测试：{ $state }的联络点未作答复（{ $count }）
mail-escalation-greeting = 尊敬的管理员：
mail-escalation-intro = 在 { $started } 启动的名录“ping”测试中，{ $state }的以下联络点未在截止时间前确认收到：
mail-escalation-no-response = 未答复
mail-escalation-bounced = 邮件无法送达
mail-escalation-ask = 请核实这些条目是否仍然准确，并在名录中予以更新，或请相关联络点确认收到测试。
mail-escalation-link = 名录：
mail-escalation-footer = 由于您负责管理{ $state }的条目，名录自动向您发送了本邮件。
mail-notification-subject = 联络点名录：有一个会话需要您关注（紧急程度：{ $urgency }）
mail-notification-urgency = 会话紧急程度：{ $urgency }
mail-notification-sign-in = 请登录名录阅读。联络点之间交换的内容采用端到端加密，绝不通过电子邮件发送：
mail-notification-footer = 本邮件为自动发送，仅告知会话中发生了某件事，不包含任何交换内容。
mail-bridge-subject = 联络点名录：您的某个会话中有一条加密消息
