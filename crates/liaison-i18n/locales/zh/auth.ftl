## auth.ftl — 注册、登录、第二重验证和账户页面。

auth-role-admin = 名录管理员
auth-role-state-admin = 国家管理员
auth-role-poc = 联络点用户
auth-role-operator = 运维人员

auth-link-ask-admin = 如果您仍需要账户，请向发送此链接的人索取新链接。
auth-link-used-title = 此注册链接已被使用
auth-link-used-body = 每个注册链接只能创建一个账户。如果您已用此链接创建了账户，请直接登录。
auth-link-expired-title = 此注册链接已过期
auth-link-expired-body = 注册链接仅在有限时间内有效，此链接已无法使用。
auth-link-revoked-title = 此注册链接已被撤回
auth-link-revoked-body = 签发此链接的人已将其撤回，因此无法再使用。
auth-link-unknown-title = 此注册链接无效
auth-link-unknown-body = 请确认已完整复制地址。不完整或输错的链接无法使用。

auth-enrol-title = 创建您的账户
auth-enrol-intro = 此链接供 { $name } 使用，身份为{ $state }的{ $role }。
auth-enrol-intro-admin = 此链接供 { $name } 使用，身份为{ $role }。
auth-enrol-account = 登录信息
auth-enrol-second-factor = 身份验证器应用
auth-enrol-second-factor-intro = 登录时还需要输入手机或电脑上身份验证器应用生成的验证码。
auth-enrol-submit = 创建账户
auth-errors-below = 部分信息需要更正，请查看下方提示。

auth-field-login = 登录名
auth-hint-login = 选择您登录时输入的名称，例如您的电子邮件地址。不能包含空格。
auth-field-password = 密码
auth-hint-password = 至少 { $min } 个字符，可使用任何语言。由几个词组成的短语既好记又难猜。
auth-field-password-confirm = 再次输入密码
auth-field-totp-code = 应用中的验证码
auth-hint-totp-code = 应用当前显示的 6 位数验证码。
auth-field-code = 验证码
auth-hint-code = 身份验证器应用中的 6 位数验证码，或您的一个恢复码。

auth-totp-step-app = 打开身份验证器应用并添加新账户。
auth-totp-step-key = 在应用中输入此密钥，或在安装了该应用的设备上打开下面的地址。
auth-totp-secret-label = 密钥
auth-totp-uri-label = 供身份验证器应用使用的地址
auth-totp-step-code = 输入应用当前显示的验证码。

auth-error-login-invalid = 请输入不含空格、不超过 254 个字符的登录名。
auth-error-login-taken = 此登录名已被使用，请另选一个。
auth-error-password-short = 密码至少需要 { $min } 个字符。
auth-error-password-long = 密码过长：最多 256 个字符。
auth-error-password-control = 密码包含无法输入的字符。请使用字母、数字、空格和标点符号。
auth-error-password-mismatch = 两次输入的密码不一致。
auth-error-code-wrong = 验证码不正确。请检查密钥是否输入正确，并输入应用当前显示的验证码。
auth-error-name-invalid = 请输入不超过 100 个字符的名称。
auth-error-last-factor = 无法删除：否则您的账户将没有第二重验证方式。

auth-enrolled-title = 您的账户已创建
auth-recovery-intro = 请将这些恢复码保存在安全的地方，不要与手机放在一起。如果您丢失了身份验证器应用，每个恢复码可代替应用验证码登录一次。
auth-recovery-new-title = 您的新恢复码
auth-recovery-once = 恢复码仅显示这一次。之前的恢复码均已失效。
auth-continue = 继续

auth-sign-in-title = 登录
auth-sign-in-submit = 继续
auth-sign-in-help = 账户发放给参与国指定的人员。如果无法登录，请与本国管理员联系。
auth-error-sign-in-failed = 登录名或密码不正确，或该账户无法使用。
auth-error-too-many = 失败次数过多，请稍后再试。
auth-error-start-again = 登录耗时过长或尝试次数过多，请重新开始。
auth-code-title = 输入验证码
auth-code-submit = 登录
auth-code-start-again = 重新开始
auth-error-code-failed = 验证码不正确，或已被使用。

auth-account-title = 我的账户
auth-account-name = 姓名
auth-account-role = 角色
auth-account-totp-heading = 身份验证器应用
auth-account-totp-on = 登录时需要输入身份验证器应用中的验证码。
auth-account-totp-off = 尚未设置身份验证器应用。
auth-account-totp-intro = 如需换用新手机或新应用，请用此新密钥进行设置。新验证码被接受后，旧应用即停止使用。
auth-account-totp-submit = 使用此应用
auth-account-totp-changed = 您的身份验证器应用已更换。
auth-account-recovery-heading = 恢复码
auth-account-recovery-left = 剩余恢复码：{ $count }
auth-account-recovery-intro = 新恢复码将取代之前的所有恢复码。
auth-account-recovery-submit = 生成新恢复码
auth-account-sessions-heading = 会话
auth-account-sessions-intro = 如果您曾在不再使用的电脑上登录，或怀疑他人登录了您的账户，请退出所有会话。您在此处也需要重新登录。
auth-account-sign-out-everywhere = 退出所有会话

## 通行密钥。

auth-passkeys-heading = 通行密钥
auth-passkeys-intro = 通行密钥让您可以用设备的屏幕锁或安全密钥登录，无需密码或验证码。
auth-passkeys-none = 您没有通行密钥。
auth-passkey-col-name = 名称
auth-passkey-col-added = 添加日期
auth-passkey-col-used = 上次使用
auth-passkey-col-actions = 操作
auth-passkey-remove = 删除
auth-passkey-remove-named = 删除通行密钥 { $name }
auth-passkey-never = 从未使用
auth-passkey-name = 新通行密钥的名称
auth-passkey-name-hint = 例如其所在设备的名称，以便区分您的各个通行密钥。
auth-passkey-register = 添加通行密钥
auth-passkey-failed = 无法使用通行密钥，请重试。
auth-passkey-unsupported = 此浏览器不支持通行密钥。
auth-passkey-sign-in = 使用通行密钥登录
auth-account-passkey-added = 已添加通行密钥。
auth-account-passkey-removed = 已删除通行密钥。
auth-field-email = 电子邮件地址
auth-hint-email = 名录向您发送消息的地址，例如贵国联络点未答复“ping”测试时。
auth-field-language = 消息语言
auth-error-email-invalid = 请输入有效的电子邮件地址。
auth-account-contact-heading = 名录发送的消息
auth-account-contact-submit = 保存
auth-account-contact-saved = 您的地址和语言已保存。
