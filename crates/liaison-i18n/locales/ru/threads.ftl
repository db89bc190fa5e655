# Liaison — обмен сообщениями между контактными пунктами (issue 5): положение пункта 10
# приложения A, подписи и списки вариантов шаблонов, уведомления в приложении (русский).

## Приложение A, пункт 10 (COM-07, IR-13): показывается с каждым запросом, ответом и подтверждением.

thread-notice-acknowledgement = Первоначальное подтверждение получения сообщения не означает согласия с содержащейся в нем информацией, не наносит ущерба позиции отвечающего государства и не предопределяет последующих сообщений.
thread-notice-territory = Уведомление государства о том, что его территория используется для совершения противоправного деяния, само по себе не означает ответственности этого государства за данное деяние.
thread-exercise-label = УЧЕНИЯ

## Шаблоны (добавление к приложению A).

template-inquiry-title = Запрос об инциденте в сфере безопасности ИКТ
template-response-title = Ответ на запрос
template-field-language = Язык текста
template-field-sender = Отправитель
template-field-sender-name = Имя
template-field-sender-affiliation = Организация
template-field-incident = Характер инцидента
template-field-incident-category = Категория
template-field-incident-sector = Затронутый сектор
template-field-incident-observed-at = Время обнаружения
template-field-incident-description = Описание
template-field-request = Просьба
template-field-request-type = Вид просьбы
template-field-request-details = Запрашиваемая информация или помощь
template-field-contact = Контактные данные
template-field-contact-email = Электронная почта
template-field-contact-phone = Телефон
template-field-contact-other = Другие способы связи
template-field-time-sensitivity = Срочность
template-field-urgency = Степень срочности
template-field-respond-by = Ответить до
template-field-follow-up = Дальнейшие действия
template-field-proposed-channel = Предлагаемый канал для дальнейшей связи
template-field-primary-agency = Ведущее ведомство по этому инциденту
template-field-tlp = Метка TLP
template-field-stix = Технические данные (STIX 2.1)
template-field-translation = Перевод автора
template-field-in-reply-to = В ответ на
template-field-response = Ответ
template-field-response-type = Вид ответа
template-field-response-text = Текст
template-field-estimated-time-frame = Ориентировочный срок
template-field-expected-by = Ожидается до
template-field-channel-agreed = Канал согласован
template-field-channel = Канал

inquiry-category-critical-infrastructure = Воздействие на критически важную инфраструктуру
inquiry-category-malware = Вредоносное программное обеспечение
inquiry-category-intrusion = Вторжение
inquiry-category-denial-of-service = Отказ в обслуживании
inquiry-category-information-operations = Информационные операции
inquiry-category-vulnerability = Уязвимость
inquiry-category-spam-abuse = Спам или злоупотребление
inquiry-category-other = Иное

inquiry-sector-energy = Энергетика
inquiry-sector-transport = Транспорт
inquiry-sector-banking-finance = Банковское дело и финансы
inquiry-sector-health = Здравоохранение
inquiry-sector-water = Водоснабжение
inquiry-sector-digital-infrastructure = Цифровая инфраструктура
inquiry-sector-telecommunications = Электросвязь
inquiry-sector-government = Государственное управление
inquiry-sector-defence = Оборона
inquiry-sector-emergency-services = Экстренные службы
inquiry-sector-food-agriculture = Продовольствие и сельское хозяйство
inquiry-sector-manufacturing = Обрабатывающая промышленность
inquiry-sector-chemicals = Химическая промышленность
inquiry-sector-space = Космос
inquiry-sector-education-research = Образование и наука
inquiry-sector-media = Средства массовой информации
inquiry-sector-other = Другой сектор

inquiry-request-information = Запрос информации
inquiry-request-action = Просьба о принятии мер
inquiry-request-specific-assistance = Просьба о конкретной помощи

response-type-substantive = Незамедлительный ответ
response-type-will-consider = Запрос будет рассмотрен, последует дополнительная информация

urgency-low = Низкая
urgency-normal = Обычная
urgency-high = Высокая
urgency-critical = Критическая

tlp-clear = TLP:CLEAR — распространение не ограничено
tlp-green = TLP:GREEN — только в пределах сообщества
tlp-amber = TLP:AMBER — только в организациях получателей, по принципу служебной необходимости
tlp-amber-strict = TLP:AMBER+STRICT — только в организации получателей
tlp-red = TLP:RED — только для поименно указанных получателей

## Уведомления в приложении.

notification-new-inquiry = Поступил новый запрос.
notification-new-response = В обмене поступил новый ответ.
notification-new-acknowledgement = Получение запроса подтверждено.
notification-new-note = Для контактных пунктов вашего государства оставлена координационная заметка.
notification-consent-requested = Участник просит вашего согласия на передачу материалов обмена третьей стороне.
notification-consent-decided = Участник ответил на ваш запрос согласия.
notification-thread-closed = Обмен закрыт.
notification-key-needed = Вас ожидает запрос. Войдите в систему и опубликуйте ключ OpenPGP, чтобы получить его.
notification-recipient-key-available = Получатель, у которого не было ключа, опубликовал его: зашифруйте для него свое сообщение заново.
notification-content-reencrypted = Сообщение, ожидавшее вашего ключа, теперь можно прочитать.
notification-state-thread-opened = Ваше государство участвует в новом обмене.
