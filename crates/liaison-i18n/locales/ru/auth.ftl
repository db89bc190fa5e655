## auth.ftl — регистрация, вход, второй фактор и страница учётной записи.

auth-role-admin = администратор справочника
auth-role-state-admin = администратор государства
auth-role-poc = пользователь — контактное лицо
auth-role-operator = оператор

auth-link-ask-admin = Если вам всё ещё нужна учётная запись, попросите новую ссылку у того, кто прислал вам эту.
auth-link-used-title = Эта ссылка для регистрации уже использована
auth-link-used-body = Каждая ссылка для регистрации создаёт только одну учётную запись. Если вы создали учётную запись по этой ссылке, просто войдите.
auth-link-expired-title = Срок действия этой ссылки для регистрации истёк
auth-link-expired-body = Ссылки для регистрации действуют ограниченное время, и этой ссылкой больше нельзя воспользоваться.
auth-link-revoked-title = Эта ссылка для регистрации отозвана
auth-link-revoked-body = Выдавший ссылку отозвал её, поэтому ею больше нельзя воспользоваться.
auth-link-unknown-title = Эта ссылка для регистрации недействительна
auth-link-unknown-body = Проверьте, что адрес скопирован полностью. Неполные или искажённые ссылки не работают.

auth-enrol-title = Создание учётной записи
auth-enrol-intro = Эта ссылка предназначена для { $name }: { $role }, { $state }.
auth-enrol-intro-admin = Эта ссылка предназначена для { $name }: { $role }.
auth-enrol-account = Данные для входа
auth-enrol-second-factor = Приложение-аутентификатор
auth-enrol-second-factor-intro = Для входа также нужен код из приложения-аутентификатора на вашем телефоне или компьютере.
auth-enrol-submit = Создать учётную запись
auth-errors-below = Некоторые данные нужно исправить. См. сообщения ниже.

auth-field-login = Имя пользователя
auth-hint-login = Выберите имя, которое будете вводить при входе, например адрес электронной почты. Без пробелов.
auth-field-password = Пароль
auth-hint-password = Не менее { $min } символов, на любом языке. Фразу из нескольких слов легко запомнить и трудно угадать.
auth-field-password-confirm = Повторите пароль
auth-field-totp-code = Код из приложения
auth-hint-totp-code = Шестизначный код, который приложение показывает сейчас.
auth-field-code = Код подтверждения
auth-hint-code = Шестизначный код из приложения-аутентификатора или один из ваших резервных кодов.

auth-totp-step-app = Откройте приложение-аутентификатор и добавьте новую учётную запись.
auth-totp-step-key = Введите этот ключ в приложении или откройте адрес ниже на устройстве, где установлено приложение.
auth-totp-secret-label = Ключ
auth-totp-uri-label = Адрес для приложений-аутентификаторов
auth-totp-step-code = Введите код, который сейчас показывает приложение.

auth-error-login-invalid = Введите имя пользователя без пробелов, не длиннее 254 символов.
auth-error-login-taken = Это имя пользователя уже занято. Выберите другое.
auth-error-password-short = Пароль должен содержать не менее { $min } символов.
auth-error-password-long = Пароль слишком длинный: не более 256 символов.
auth-error-password-control = Пароль содержит символы, которые невозможно набрать. Используйте буквы, цифры, пробелы и знаки препинания.
auth-error-password-mismatch = Пароли не совпадают.
auth-error-code-wrong = Код неверен. Проверьте, правильно ли введён ключ, и введите код, который приложение показывает сейчас.
auth-error-name-invalid = Введите название длиной не более 100 символов.
auth-error-last-factor = Удалить нельзя: у учётной записи не останется второго фактора.

auth-enrolled-title = Учётная запись создана
auth-recovery-intro = Храните эти резервные коды в надёжном месте, отдельно от телефона. Если вы потеряете приложение-аутентификатор, каждый код позволит один раз войти вместо кода из приложения.
auth-recovery-new-title = Ваши новые резервные коды
auth-recovery-once = Они показываются только один раз. Прежние резервные коды больше не действуют.
auth-continue = Продолжить

auth-sign-in-title = Вход
auth-sign-in-submit = Продолжить
auth-sign-in-help = Учётные записи выдаются лицам, назначенным государствами-участниками. Если вы не можете войти, обратитесь к администратору вашего государства.
auth-error-sign-in-failed = Неверное имя пользователя или пароль, либо учётной записью нельзя воспользоваться.
auth-error-too-many = Слишком много неудачных попыток. Повторите попытку позже.
auth-error-start-again = Вход занял слишком много времени или было слишком много попыток. Начните заново.
auth-code-title = Введите код
auth-code-submit = Войти
auth-code-start-again = Начать заново
auth-error-code-failed = Код неверен или уже был использован.

auth-account-title = Моя учётная запись
auth-account-name = Имя
auth-account-role = Роль
auth-account-totp-heading = Приложение-аутентификатор
auth-account-totp-on = При входе запрашивается код из вашего приложения-аутентификатора.
auth-account-totp-off = Приложение-аутентификатор не настроено.
auth-account-totp-intro = Чтобы перейти на новый телефон или другое приложение, настройте его с этим новым ключом. Прежнее приложение перестанет работать, как только новый код будет принят.
auth-account-totp-submit = Использовать это приложение
auth-account-totp-changed = Приложение-аутентификатор изменено.
auth-account-recovery-heading = Резервные коды
auth-account-recovery-left = Осталось резервных кодов: { $count }
auth-account-recovery-intro = Новые коды заменяют все прежние.
auth-account-recovery-submit = Создать новые резервные коды
auth-account-sessions-heading = Сеансы
auth-account-sessions-intro = Если вы входили на компьютере, которым больше не пользуетесь, или подозреваете, что вошёл кто-то другой, выйдите на всех устройствах. Здесь тоже придётся войти заново.
auth-account-sign-out-everywhere = Выйти на всех устройствах

## Ключи доступа.

auth-passkeys-heading = Ключи доступа
auth-passkeys-intro = Ключ доступа позволяет входить с помощью блокировки экрана устройства или ключа безопасности, без пароля и кода.
auth-passkeys-none = У вас нет ключей доступа.
auth-passkey-col-name = Название
auth-passkey-col-added = Добавлен
auth-passkey-col-used = Последнее использование
auth-passkey-col-actions = Действия
auth-passkey-remove = Удалить
auth-passkey-remove-named = Удалить ключ доступа { $name }
auth-passkey-never = Никогда
auth-passkey-name = Название нового ключа доступа
auth-passkey-name-hint = Например, устройство, на котором он хранится, чтобы различать ваши ключи.
auth-passkey-register = Добавить ключ доступа
auth-passkey-failed = Не удалось воспользоваться ключом доступа. Повторите попытку.
auth-passkey-unsupported = Этот браузер не поддерживает ключи доступа.
auth-passkey-sign-in = Войти с ключом доступа
auth-account-passkey-added = Ключ доступа добавлен.
auth-account-passkey-removed = Ключ доступа удалён.
auth-field-email = Адрес электронной почты
auth-hint-email = Адрес, по которому справочник пишет вам, например если контактные пункты вашего государства не ответили на проверку связи.
auth-field-language = Язык сообщений
auth-error-email-invalid = Введите действительный адрес электронной почты.
auth-account-contact-heading = Сообщения справочника
auth-account-contact-submit = Сохранить
auth-account-contact-saved = Ваш адрес и язык сохранены.
