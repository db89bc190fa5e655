# Liaison — JSON API 和命令行的消息（中文）。
# 每个语言文件夹包含相同的消息标识符；如有标识符缺失或未被使用，测试将失败。

## 被拒绝的字段（liaison_core::ErrorCode）。{ $field } 为该字段的 JSON 路径，
## { $detail } 为简短的技术参数（某一限值、某一字符代码）或为空。

error-invalid-json = 文本不是有效的 JSON（{ $detail }）。
error-invalid-utf8 = 文本不是有效的 UTF-8 编码（{ $detail }）。
error-not-an-object = 应为 JSON 对象。
error-unknown-field = 字段“{ $field }”不属于联络点条目。
error-required = 字段“{ $field }”为必填项。
error-wrong-type = 字段“{ $field }”的类型不正确。
error-too-long = 字段“{ $field }”过长（最多 { $detail } 个字符）。
error-too-many = 字段“{ $field }”的项数过多（最多 { $detail } 项）。
error-forbidden-character = 字段“{ $field }”包含不允许使用的字符（{ $detail }）：不接受控制字符和双向文本覆盖字符。
error-invalid-uuid = 标识符不是有效的 UUID。
error-unknown-state = “{ $detail }”不是联合国会员国或观察员国的两字母代码。
error-not-a-un-state = “{ $detail }”不是联合国会员国或观察员国。
error-invalid-role = 角色必须为“diplomatic”或“technical”。
error-invalid-kind = 类别必须为“entity”或“person”。
error-invalid-phone = “{ $field }”中的电话号码不符合国际 E.164 格式（例如 +41227917000）。
error-invalid-phone-type = 电话类型必须为 voice、mobile、emergency 或 fax。
error-invalid-email = “{ $field }”中的电子邮件地址无效。
error-invalid-language = “{ $field }”中的工作语言不是有效的 ISO 639-1 语言代码。
error-invalid-entry-language = 条目语言必须是联合国六种正式语文之一：ar, zh, en, fr, ru, es。
error-no-contact = 请至少提供一个电话号码或电子邮件地址。
error-not-allowed-for-entity = 字段“{ $field }”仅适用于个人，不适用于实体。
error-invalid-time-zone = 时区必须为 IANA 时区名称，例如 Europe/Geneva。
error-invalid-availability = 可联络时段必须为“business_hours”或“24/7”。
error-invalid-openpgp-key = OpenPGP 公钥被拒绝（{ $detail }）。
error-duplicate-id = 标识符为 { $detail } 的条目已存在。
error-line-too-long = 条目过大（最多 { $detail } 字节）。
error-state-mismatch = 条目不能转移至另一国家。
error-id-mismatch = 请求正文中的标识符与地址不符。
error-invalid-flag = 标记必须为“unreachable”或“unverified”。

## API 的请求级错误。

api-unauthenticated = 需要登录：请发送有效的访问令牌。
api-forbidden = 您无权执行此操作。
api-not-participating = 贵国目前未参与名录。
api-other-state = 此事涉及另一国家：只有该国自己的管理员才能执行。
api-neutrality = 名录管理员不更改各国自己的条目。
api-not-found = 在此地址未找到任何内容。
api-invalid-input = 请求包含无效值。
api-stale-revision = 自您读取该条目以来，条目已发生变更；请重新读取，然后再次进行修改。
api-already-exists = 具有此标识符的条目已存在。
api-retired = 此条目已停用，不能再更改。
api-invalid-transition = 根据该国目前的状态，无法进行此项参与变更。
api-state-not-participating = 该国未参与名录；必须先获准加入。
api-flag-already-set = 该条目已设置此标记。
api-flag-not-set = 该条目未设置此标记。
api-conflict = 此更改与另一项更改冲突；请重试。
api-internal = 服务器出现错误。该问题已记入日志。
api-body-too-large = 请求过大。
api-bad-parameter = 参数“{ $field }”的值无效。
api-method-not-allowed = 此地址不允许使用该方法。
api-bad-request = 无法理解该请求。
api-ping-not-valid = 此“ping”测试链接无效。
api-already-acknowledged = 此“ping”测试已确认。
api-ping-not-issued = 此“ping”测试尚未发送。
api-nothing-to-ping = 没有与本轮测试范围相符的有效条目。

## 联络点之间的往来（issue 5）：被拒绝的字段。

error-unknown-recipient = “{ $field }”不是名录中的条目。
error-recipient-unavailable = 条目“{ $field }”无法接收消息：该条目已撤销，或其所属国家未参与名录。
error-duplicate-recipient = 条目“{ $field }”被列出了两次。
error-invalid-ciphertext = 该消息不是名录可以接受的 OpenPGP 加密消息（{ $detail }）。请在您的设备上使用各参与方的密钥加密：名录从不保存可读内容。
error-not-encrypted-to-recipient = 该消息未使用条目 { $detail } 的当前密钥加密。请重新获取各参与方的密钥，并为每一方加密。
error-not-encrypted-to-sender = 该消息还必须使用您自己已发布的密钥加密，以便您保留一份可读的记录。
error-encrypted-to-outsider = 该消息还使用了密钥 { $detail } 加密，而该密钥不属于任何参与方。未经同意，交换的信息不得提供给第三方。
error-sender-has-no-key = 您的条目没有可用的 OpenPGP 密钥：请先发布密钥再撰写消息。
error-invalid-choice = “{ $field }”的值不在可选项之列（{ $detail }）。
error-invalid-timestamp = “{ $field }”必须是 RFC 3339 格式的日期和时间，例如 2025-06-01T08:30:00Z。
error-invalid-respond-by = 答复期限必须在将来，且不超过一年。
error-invalid-stix = “{ $field }”不符合 STIX 2.1：{ $detail }。
error-invalid-template = 该文档未说明其所采用的模板（“template”和“version”），或指明了本版本 Liaison 不认识的模板。
error-invalid-key-blob = 私钥被拒绝（{ $detail }）：请发送 ASCII 封装的 OpenPGP 私钥，且其中每个秘密密钥都受口令保护。
error-key-cannot-encrypt = 此 OpenPGP 密钥不含可用于加密的密钥，因此任何人都无法用它给您写信。
error-key-expired = 此 OpenPGP 密钥已过期。
error-invalid-device = 设备名称必须由 1 至 64 个拉丁字母、数字、点、连字符或下划线组成。
error-target-is-participant = 条目“{ $field }”已经参与此往来。

## 联络点之间的往来：请求错误。

api-cross-role = 收件人“{ $field }”的角色不同：外交联络点只与其他国家的外交联络点联系，技术联络点只与技术联络点联系（附件 A 第 9 段）。
api-own-state-recipient = 条目“{ $field }”属于您本国：询问应发给其他国家；如需联系本国联络点，请留下协调说明。
api-not-participant = 只有参与此往来的联络点才能执行此操作。
api-confidential = 名录管理员永远看不到联络点之间交换的内容；只能查看数量和时间统计。
api-thread-closed = 此往来已关闭：不能再添加任何内容。
api-not-a-recipient = 只有询问的收件人才能执行此操作。
api-not-delivered = 询问尚未送达给您：请先打开此往来。
api-receipt-already-acknowledged = 您已确认收到。
api-awaiting-key = 发送时您的条目没有可用密钥：请发布密钥，并请发件人重新加密。
api-consent-required = 转发须事先记录其他每一个参与方对这些收件人的同意（附件 A 第 11 段）。
api-consent-not-pending = 此同意请求已被拒绝或已使用。
api-already-decided = 您的条目已答复此请求。
api-own-request = 您不能答复自己提出的同意请求。
api-nothing-to-reencrypt = 等待此消息的各方都无法读取新副本：请使用他们现在已发布的密钥加密。
