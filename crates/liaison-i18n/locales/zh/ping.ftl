# “ping”测试链接打开的页面（第 4 号事项）：显示条目和截止时间，只有点击页面上的按钮才算确认。

ping-title = “ping”测试
ping-confirm-heading = 确认“ping”测试
ping-confirm-intro = 名录每六个月请每个联络点确认其能收到名录的消息。请点击按钮确认收到。
ping-entry = 条目
ping-state = 国家
ping-role = 类别
ping-campaign = 测试启动时间
ping-due = 请在此时间前确认
ping-button = 我确认收到
ping-late-note = 截止时间已过。您的确认仍会被记录，并标注为逾期。
ping-update-hint = 如此条目已不准确，请联系贵国的名录管理员予以更新。
ping-done-heading = 谢谢
ping-done-on-time = 您的确认已于 { $at } 记录。
ping-done-late = 您的确认已于 { $at } 记录，晚于截止时间：该确认予以保留并标注为逾期。
ping-used-heading = 已确认
ping-used-body = 此测试已于 { $at } 确认。无需再做任何操作。
ping-invalid-heading = 此链接无效
ping-invalid-body = 链接可能不完整或已被改动。请从邮件中复制完整链接，或登录名录在那里确认。
