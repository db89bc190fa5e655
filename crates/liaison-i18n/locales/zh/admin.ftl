## admin.ftl — 管理页面：各国参与情况、用户和注册链接、条目标记、审计日志（中文）。

admin-title = 名录管理
admin-audit-link = 查看审计日志
admin-filter-status = 参与情况
admin-filter-any-status = 任何参与状态
admin-filter-group = 区域组
admin-filter-any-group = 任何区域组
admin-filter-apply = 显示
admin-states-shown = 显示 { $shown } 个国家，共 { $total } 个。
admin-states-caption = 各国及其参与名录的情况
admin-col-state = 国家
admin-col-group = 区域组
admin-col-status = 状态
admin-col-since = 起始日期
admin-col-pocs = 现行联络点
admin-col-users = 用户
admin-col-actions = 操作
admin-col-name = 姓名
admin-col-login = 登录名
admin-col-role = 角色
admin-col-entry = 联络点
admin-col-enrolled = 注册日期
admin-col-issued = 签发日期
admin-col-expires = 失效时间
admin-action-admit = 接纳
admin-action-resume = 恢复
admin-action-suspend = 暂停
admin-action-people = 人员
admin-action-revoke = 撤销链接
admin-cancel = 取消

admin-status-not-participating = 未参与
admin-status-participating = 参与
admin-status-suspended = 已暂停
admin-group-african = 非洲国家组
admin-group-asia-pacific = 亚洲-太平洋国家组
admin-group-eastern-european = 东欧国家组
admin-group-latin-american-caribbean = 拉丁美洲和加勒比国家组
admin-group-western-european-others = 西欧和其他国家组
admin-group-none = 不属于任何区域组
admin-role-state-admin = 国家管理员
admin-role-poc = 联络点用户
admin-role-admin = 名录管理员
admin-role-operator = 服务器操作员
admin-flag-unreachable = 无法联系
admin-flag-unverified = 未经核实

## 接纳国家、暂停和恢复其参与。

admin-admit-heading = 接纳{ $state }加入名录
admin-admit-explanation = { $state }将参与名录：可以为其注册管理员，并指定和查阅其联络点。
admin-resume-heading = 恢复{ $state }的参与
admin-resume-explanation = { $state }将重新参与：其用户恢复访问权限，暂停期间保留的条目重新可见。
admin-suspend-heading = 暂停{ $state }的参与
admin-suspend-explanation = 在恢复参与之前，{ $state }的用户将无法访问名录。其条目予以保留，但不再显示。
admin-reason-label = 理由
admin-reason-hint = 可选。保存在审计日志中，例如常驻代表团发来的普通照会。
admin-notice-admitted = { $state }已被接纳加入名录。
admin-notice-suspended = { $state }的参与已暂停。
admin-notice-resumed = { $state }的参与已恢复。

## 国家的人员和注册链接。

admin-people-heading = { $state }的人员
admin-people-state-page = 国家页面
admin-people-audit = 该国的审计日志
admin-users-heading = 用户
admin-users-none = 尚无用户注册。
admin-user-active = 有效
admin-user-disabled = 已停用
admin-links-heading = 注册链接
admin-links-none = 尚未签发任何注册链接。
admin-link-pending = 待使用
admin-link-used = 已使用
admin-link-expired = 已失效
admin-link-revoked = 已撤销
admin-issue-heading = 签发注册链接
admin-issue-intro = 该链接使一位指定人员能够以此处选择的角色创建账户。链接只能使用一次，并在规定期限后失效。
admin-issue-not-participating = 该国目前未参与名录，无法为其签发链接。
admin-field-role = 角色
admin-field-display-name = 人员姓名
admin-field-display-name-hint = 即其他用户看到的名称，例如包括职衔。
admin-field-poc = 用户所代表的联络点
admin-field-poc-hint = 仅适用于联络点用户：该国的一个现行条目。
admin-field-poc-none = 无（国家管理员）
admin-field-valid-days = 有效期（天）
admin-days-hint = 1 至 { $max } 天；留空则为 { $default } 天。
admin-issue-button = 签发链接
admin-issued-title = 注册链接已签发
admin-issued-for = 签发对象：{ $name }，{ $role }，{ $state }。
admin-issued-once = 此链接仅显示一次，请立即复制。失效时间：{ $expires }。
admin-issued-deliver = 请通过可信渠道（例如常驻代表团）将链接交给该人员。任何持有该链接的人都可以用它注册。
admin-issued-back = 返回该国人员页面
admin-revoke-heading = 撤销{ $name }（{ $role }）的注册链接？
admin-revoke-explanation = 链接将立即失效。您可以随时签发新链接。
admin-notice-revoked = 注册链接已撤销。

## 条目的标记。

admin-flags-heading = “{ $entry }”（{ $state }）的标记
admin-flags-entry-link = 前往该条目
admin-flags-retired = 该条目已撤下，不能再添加标记。
admin-flags-current = 现有标记
admin-flags-none = 该条目没有标记。
admin-flag-set-by = 由 { $actor } 于 { $when } 添加
admin-flags-reason = 理由：
admin-flags-remove = 移除标记
admin-flags-set-heading = 添加标记
admin-field-flag = 标记
admin-flags-reason-hint = 可选。显示在条目历史和审计日志中。
admin-flags-set-button = 添加标记
admin-notice-flag-set = 标记已添加。
admin-notice-flag-removed = 标记已移除。

## 审计日志。

admin-audit-title = 审计日志
admin-audit-own-state = 与贵国有关的记录：
admin-audit-filter-state = 国家
admin-audit-any-state = 所有国家
admin-audit-filter-action = 操作（代码，例如 state.admitted）
admin-audit-filter-subject = 对象（条目、链接或令牌的标识符）
admin-audit-filter-actor = 执行者（例如 user:登录名）
admin-audit-none = 没有符合这些筛选条件的记录。
admin-audit-caption = 审计记录，最新的在前
admin-audit-col-seq = 序号
admin-audit-col-time = 时间
admin-audit-col-actor = 执行者
admin-audit-col-action = 操作
admin-audit-col-subject = 对象
admin-audit-col-detail = 详情
admin-audit-paging = 审计日志分页
admin-audit-newest = 最新记录
admin-audit-older = 较早记录
admin-audit-action-state-admitted = 接纳国家
admin-audit-action-state-suspended = 暂停国家参与
admin-audit-action-state-resumed = 恢复参与
admin-audit-action-poc-create = 指定联络点
admin-audit-action-poc-update = 更新联络点
admin-audit-action-poc-retire = 撤下联络点
admin-audit-action-poc-flag = 添加标记
admin-audit-action-poc-unflag = 移除标记
admin-audit-action-token-issue = 签发 API 令牌
admin-audit-action-token-revoke = 撤销 API 令牌
admin-audit-action-enrolment-issue = 签发注册链接
admin-audit-action-enrolment-revoke = 撤销注册链接
admin-audit-key-reason = 理由
admin-audit-key-role = 角色
admin-audit-key-revision = 版本
admin-audit-key-flags = 标记
admin-audit-key-display-name = 姓名
admin-audit-key-expires = 失效时间
admin-audit-key-entry = 联络点

## 表单中的错误。

admin-error-required = 请填写此字段。
admin-error-too-long = 内容过长：最多 { $max } 个字符。
admin-error-forbidden-character = 内容包含不允许的字符（控制字符或文字方向字符）。
admin-error-invalid = 此值无效。
admin-error-role = 请选择所列角色之一。
admin-error-days = 请输入 1 至 { $max } 之间的整数天数。
admin-error-poc-required = 联络点用户必须与该国的一个条目关联：请选择一个。
admin-error-poc-other-state = 该条目属于另一个国家。
admin-error-poc-unknown = 该条目不存在。
admin-error-poc-retired = 该条目已撤下：请选择一个现行条目。
admin-error-not-participating = 该国目前未参与名录，无法为其签发链接。
admin-error-flag = 请选择所列标记之一。
admin-error-flag-already-set = 该条目已有此标记。
admin-error-flag-not-set = 该条目没有（或已不再有）此标记。
admin-error-state = 请选择所列国家之一。
admin-field-email = 电子邮件地址（可选）
admin-field-email-hint = 如您知道此地址，它将预先填入对方的注册表，由其确认或更正。
