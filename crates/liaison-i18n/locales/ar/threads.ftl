# Liaison — المراسلات بين جهات الاتصال (issue 5): بيان الفقرة 10 من المرفق ألف، وتسميات
# النماذج وقوائم خياراتها، والإشعارات داخل التطبيق (العربية).

## المرفق ألف، الفقرة 10 (COM-07، IR-13): يُعرض مع كل استفسار ورد وإقرار بالاستلام.

thread-notice-acknowledgement = إن الإقرار الأولي باستلام اتصال ما لا يعني ضمنا الموافقة على المعلومات الواردة فيه أو المساس بموقف الدولة التي ترد عليه، كما أنه لا يحكم مسبقا على أي اتصال قد يجري بعد ذلك.
thread-notice-territory = إن إخطار دولة ما بأن إقليمها يُستخدم في ارتكاب فعل غير مشروع لا يعني في حد ذاته أنها مسؤولة عن ذلك الفعل.
thread-exercise-label = تمرين

## النماذج (تذييل المرفق ألف).

template-inquiry-title = استفسار بشأن حادث يتعلق بأمن تكنولوجيا المعلومات والاتصالات
template-response-title = الرد على استفسار
template-field-language = لغة النص
template-field-sender = المرسل
template-field-sender-name = الاسم
template-field-sender-affiliation = الجهة
template-field-incident = طبيعة الحادث
template-field-incident-category = الفئة
template-field-incident-sector = القطاع المتضرر
template-field-incident-observed-at = وقت الرصد
template-field-incident-description = الوصف
template-field-request = الطلب
template-field-request-type = نوع الطلب
template-field-request-details = المعلومات أو المساعدة المطلوبة
template-field-contact = بيانات الاتصال
template-field-contact-email = البريد الإلكتروني
template-field-contact-phone = الهاتف
template-field-contact-other = وسائل اتصال أخرى
template-field-time-sensitivity = الحساسية الزمنية
template-field-urgency = درجة الاستعجال
template-field-respond-by = الرد قبل
template-field-follow-up = المتابعة
template-field-proposed-channel = القناة المقترحة للمتابعة
template-field-primary-agency = الجهة الرئيسية المعنية بهذا الحادث
template-field-tlp = علامة TLP
template-field-stix = البيانات التقنية (STIX 2.1)
template-field-translation = ترجمة من الكاتب
template-field-in-reply-to = ردا على
template-field-response = الرد
template-field-response-type = نوع الرد
template-field-response-text = النص
template-field-estimated-time-frame = الإطار الزمني التقديري
template-field-expected-by = متوقع قبل
template-field-channel-agreed = الموافقة على القناة
template-field-channel = القناة

inquiry-category-critical-infrastructure = تأثر بنية تحتية حيوية
inquiry-category-malware = برمجيات خبيثة
inquiry-category-intrusion = اختراق
inquiry-category-denial-of-service = حجب الخدمة
inquiry-category-information-operations = عمليات إعلامية
inquiry-category-vulnerability = ثغرة أمنية
inquiry-category-spam-abuse = رسائل غير مرغوب فيها أو إساءة استعمال
inquiry-category-other = فئة أخرى

inquiry-sector-energy = الطاقة
inquiry-sector-transport = النقل
inquiry-sector-banking-finance = المصارف والمالية
inquiry-sector-health = الصحة
inquiry-sector-water = المياه
inquiry-sector-digital-infrastructure = البنية التحتية الرقمية
inquiry-sector-telecommunications = الاتصالات السلكية واللاسلكية
inquiry-sector-government = الإدارة الحكومية
inquiry-sector-defence = الدفاع
inquiry-sector-emergency-services = خدمات الطوارئ
inquiry-sector-food-agriculture = الأغذية والزراعة
inquiry-sector-manufacturing = الصناعة التحويلية
inquiry-sector-chemicals = الصناعات الكيميائية
inquiry-sector-space = الفضاء
inquiry-sector-education-research = التعليم والبحث
inquiry-sector-media = وسائط الإعلام
inquiry-sector-other = قطاع آخر

inquiry-request-information = طلب معلومات
inquiry-request-action = طلب اتخاذ إجراء
inquiry-request-specific-assistance = طلب مساعدة محددة

response-type-substantive = رد فوري
response-type-will-consider = سيُنظر في الاستفسار وتُقدَّم متابعة لاحقا

urgency-low = منخفضة
urgency-normal = عادية
urgency-high = عالية
urgency-critical = حرجة

tlp-clear = TLP:CLEAR — النشر غير مقيد
tlp-green = TLP:GREEN — يقتصر على المجتمع المعني
tlp-amber = TLP:AMBER — يقتصر على مؤسسات المرسل إليهم، حسب الحاجة إلى المعرفة
tlp-amber-strict = TLP:AMBER+STRICT — يقتصر على مؤسسة المرسل إليهم وحدها
tlp-red = TLP:RED — للمرسل إليهم المذكورين بالاسم فقط

## الإشعارات داخل التطبيق.

notification-new-inquiry = ورد استفسار جديد.
notification-new-response = ورد رد جديد في مراسلة.
notification-new-acknowledgement = أُقرّ باستلام استفسار.
notification-new-note = تُركت ملاحظة تنسيق لجهات الاتصال في دولتك.
notification-consent-requested = يطلب أحد المشاركين موافقتك على إطلاع طرف ثالث على مراسلة.
notification-consent-decided = رد أحد المشاركين على طلب الموافقة الذي قدمته.
notification-thread-closed = أُغلقت مراسلة.
notification-key-needed = ينتظرك استفسار. سجّل الدخول وانشر مفتاح OpenPGP لتتلقاه.
notification-recipient-key-available = نشر مرسل إليه لم يكن لديه مفتاح مفتاحا: أعد تشفير رسالتك له.
notification-content-reencrypted = أصبح بالإمكان قراءة رسالة كانت تنتظر مفتاحك.
notification-state-thread-opened = تشارك دولتك في مراسلة جديدة.
