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
