## admin.ftl — страницы администрирования: участие государств, пользователи и ссылки для
## регистрации, отметки на записях, журнал аудита (русский).

admin-title = Администрирование справочника
admin-audit-link = Открыть журнал аудита
admin-filter-status = Участие
admin-filter-any-status = Любой статус участия
admin-filter-group = Региональная группа
admin-filter-any-group = Любая региональная группа
admin-filter-apply = Показать
admin-states-shown = Показано государств: { $shown } из { $total }.
admin-states-caption = Государства и их участие в справочнике
admin-col-state = Государство
admin-col-group = Региональная группа
admin-col-status = Статус
admin-col-since = С
admin-col-pocs = Действующие контактные лица
admin-col-users = Пользователи
admin-col-actions = Действия
admin-col-name = Имя
admin-col-login = Имя для входа
admin-col-role = Роль
admin-col-entry = Контактное лицо
admin-col-enrolled = Дата регистрации
admin-col-issued = Дата выдачи
admin-col-expires = Действует до
admin-action-admit = Допустить
admin-action-resume = Возобновить
admin-action-suspend = Приостановить
admin-action-people = Пользователи
admin-action-revoke = Отозвать ссылку
admin-cancel = Отмена

admin-status-not-participating = Не участвует
admin-status-participating = Участвует
admin-status-suspended = Участие приостановлено
admin-group-african = Группа африканских государств
admin-group-asia-pacific = Группа азиатско-тихоокеанских государств
admin-group-eastern-european = Группа восточноевропейских государств
admin-group-latin-american-caribbean = Группа государств Латинской Америки и Карибского бассейна
admin-group-western-european-others = Группа западноевропейских и других государств
admin-group-none = Вне региональных групп
admin-role-state-admin = Администратор государства
admin-role-poc = Пользователь контактного лица
admin-role-admin = Администратор справочника
admin-role-operator = Оператор сервера
admin-flag-unreachable = Недоступно
admin-flag-unverified = Не проверено

## Допуск, приостановление и возобновление участия государства.

admin-admit-heading = Допустить к справочнику: { $state }
admin-admit-explanation = Государство «{ $state }» станет участником справочника: можно будет регистрировать его администраторов, назначать и просматривать его контактных лиц.
admin-resume-heading = Возобновить участие: { $state }
admin-resume-explanation = Государство «{ $state }» снова станет участником: его пользователи вновь получат доступ, а его записи, сохранённые на время приостановления, снова станут видны.
admin-suspend-heading = Приостановить участие: { $state }
admin-suspend-explanation = Пользователи государства «{ $state }» потеряют доступ к справочнику до возобновления его участия. Его записи сохраняются, но не показываются.
admin-reason-label = Основание
admin-reason-hint = Необязательно. Сохраняется в журнале аудита, например вербальная нота постоянного представительства.
admin-notice-admitted = Государство «{ $state }» допущено к справочнику.
admin-notice-suspended = Участие государства «{ $state }» приостановлено.
admin-notice-resumed = Участие государства «{ $state }» возобновлено.

## Пользователи государства и ссылки для регистрации.

admin-people-heading = Пользователи: { $state }
admin-people-state-page = Страница государства
admin-people-audit = Журнал аудита государства
admin-users-heading = Зарегистрированные пользователи
admin-users-none = Пока никто не зарегистрировался.
admin-user-active = Активен
admin-user-disabled = Отключён
admin-links-heading = Ссылки для регистрации
admin-links-none = Ссылки для регистрации не выдавались.
admin-link-pending = Ожидает использования
admin-link-used = Использована
admin-link-expired = Срок истёк
admin-link-revoked = Отозвана
admin-issue-heading = Выдать ссылку для регистрации
admin-issue-intro = Ссылка позволяет одному названному лицу создать учётную запись с выбранной здесь ролью. Её можно использовать один раз; по истечении указанного срока она перестаёт действовать.
admin-issue-not-participating = Это государство сейчас не участвует в справочнике: выдать для него ссылку нельзя.
admin-field-role = Роль
admin-field-display-name = Имя получателя
admin-field-display-name-hint = Так, как его должны видеть другие пользователи, например с должностью.
admin-field-poc = Контактное лицо, от имени которого действует пользователь
admin-field-poc-hint = Только для пользователя контактного лица: одна из действующих записей государства.
admin-field-poc-none = Нет (администратор государства)
admin-field-valid-days = Срок действия (в днях)
admin-days-hint = От 1 до { $max } дней; если поле пустое — { $default }.
admin-issue-button = Выдать ссылку
admin-issued-title = Ссылка для регистрации выдана
admin-issued-for = Для: { $name }, { $role }, { $state }.
admin-issued-once = Эта ссылка показывается только один раз: скопируйте её сейчас. Она действует до { $expires }.
admin-issued-deliver = Передайте её получателю по надёжному каналу, например через постоянное представительство. Любой, у кого есть ссылка, может зарегистрироваться по ней.
admin-issued-back = Вернуться к пользователям государства
admin-revoke-heading = Отозвать ссылку для регистрации ({ $name }, { $role })?
admin-revoke-explanation = Ссылка сразу перестанет действовать. Новую можно выдать в любое время.
admin-notice-revoked = Ссылка для регистрации отозвана.

## Отметки на записи.

admin-flags-heading = Отметки записи «{ $entry }» ({ $state })
admin-flags-entry-link = Перейти к записи
admin-flags-retired = Эта запись выведена из справочника: новые отметки ставить нельзя.
admin-flags-current = Текущие отметки
admin-flags-none = У этой записи нет отметок.
admin-flag-set-by = поставлена { $when }, кем: { $actor }
admin-flags-reason = Основание:
admin-flags-remove = Снять отметку
admin-flags-set-heading = Поставить отметку
admin-field-flag = Отметка
admin-flags-reason-hint = Необязательно. Видно в истории записи и в журнале аудита.
admin-flags-set-button = Поставить отметку
admin-notice-flag-set = Отметка поставлена.
admin-notice-flag-removed = Отметка снята.

## Журнал аудита.

admin-audit-title = Журнал аудита
admin-audit-own-state = Записи о вашем государстве:
admin-audit-filter-state = Государство
admin-audit-any-state = Все государства
admin-audit-filter-action = Операция (код, например state.admitted)
admin-audit-filter-subject = Объект (идентификатор записи, ссылки или токена)
admin-audit-filter-actor = Исполнитель (например user:имя)
admin-audit-none = Нет записей, отвечающих этим условиям.
admin-audit-caption = Записи аудита, сначала новые
admin-audit-col-seq = №
admin-audit-col-time = Время
admin-audit-col-actor = Исполнитель
admin-audit-col-action = Операция
admin-audit-col-subject = Объект
admin-audit-col-detail = Подробности
admin-audit-paging = Страницы журнала аудита
admin-audit-newest = Самые новые записи
admin-audit-older = Более ранние записи
admin-audit-action-state-admitted = Государство допущено
admin-audit-action-state-suspended = Участие приостановлено
admin-audit-action-state-resumed = Участие возобновлено
admin-audit-action-poc-create = Контактное лицо назначено
admin-audit-action-poc-update = Данные контактного лица изменены
admin-audit-action-poc-retire = Контактное лицо выведено
admin-audit-action-poc-flag = Отметка поставлена
admin-audit-action-poc-unflag = Отметка снята
admin-audit-action-token-issue = Токен API выдан
admin-audit-action-token-revoke = Токен API отозван
admin-audit-action-enrolment-issue = Ссылка для регистрации выдана
admin-audit-action-enrolment-revoke = Ссылка для регистрации отозвана
admin-audit-key-reason = Основание
admin-audit-key-role = Роль
admin-audit-key-revision = Версия
admin-audit-key-flags = Отметки
admin-audit-key-display-name = Имя
admin-audit-key-expires = Действует до
admin-audit-key-entry = Контактное лицо

## Ошибки в формах.

admin-error-required = Заполните это поле.
admin-error-too-long = Слишком длинный текст: не более { $max } символов.
admin-error-forbidden-character = Текст содержит недопустимый символ (управляющий символ или символ направления текста).
admin-error-invalid = Недопустимое значение.
admin-error-role = Выберите одну из предложенных ролей.
admin-error-days = Укажите целое число дней от 1 до { $max }.
admin-error-poc-required = Пользователь контактного лица должен быть привязан к одной из записей государства: выберите её.
admin-error-poc-other-state = Эта запись принадлежит другому государству.
admin-error-poc-unknown = Такой записи нет.
admin-error-poc-retired = Эта запись выведена из справочника: выберите действующую.
admin-error-not-participating = Это государство сейчас не участвует в справочнике: выдать для него ссылку нельзя.
admin-error-flag = Выберите одну из предложенных отметок.
admin-error-flag-already-set = Эта отметка уже стоит на записи.
admin-error-flag-not-set = Этой отметки на записи нет (или уже нет).
admin-error-state = Выберите одно из предложенных государств.
admin-field-email = Адрес электронной почты (необязательно)
admin-field-email-hint = Если он вам известен, он будет подставлен в форму регистрации, где человек подтвердит или исправит его.
