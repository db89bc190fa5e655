## admin.ftl — صفحات الإدارة: مشاركة الدول، والمستخدمون وروابط التسجيل، والعلامات على
## المدخلات، وسجل التدقيق (العربية).

admin-title = إدارة الدليل
admin-audit-link = الاطلاع على سجل التدقيق
admin-filter-status = المشاركة
admin-filter-any-status = أي حالة مشاركة
admin-filter-group = المجموعة الإقليمية
admin-filter-any-group = أي مجموعة إقليمية
admin-filter-apply = عرض
admin-states-shown = تُعرض { $shown } دولة من أصل { $total }.
admin-states-caption = الدول ومشاركتها في الدليل
admin-col-state = الدولة
admin-col-group = المجموعة الإقليمية
admin-col-status = الحالة
admin-col-since = منذ
admin-col-pocs = جهات الاتصال السارية
admin-col-users = المستخدمون
admin-col-actions = الإجراءات
admin-col-name = الاسم
admin-col-login = اسم الدخول
admin-col-role = الدور
admin-col-entry = جهة الاتصال
admin-col-enrolled = تاريخ التسجيل
admin-col-issued = تاريخ الإصدار
admin-col-expires = ينتهي في
admin-action-admit = قبول
admin-action-resume = استئناف
admin-action-suspend = تعليق
admin-action-people = الأشخاص
admin-action-revoke = إلغاء الرابط
admin-cancel = إلغاء الأمر

admin-status-not-participating = غير مشاركة
admin-status-participating = مشاركة
admin-status-suspended = معلّقة
admin-group-african = مجموعة الدول الأفريقية
admin-group-asia-pacific = مجموعة دول آسيا والمحيط الهادئ
admin-group-eastern-european = مجموعة دول أوروبا الشرقية
admin-group-latin-american-caribbean = مجموعة دول أمريكا اللاتينية ومنطقة البحر الكاريبي
admin-group-western-european-others = مجموعة دول أوروبا الغربية ودول أخرى
admin-group-none = خارج المجموعات الإقليمية
admin-role-state-admin = مسؤول الدولة
admin-role-poc = مستخدم جهة اتصال
admin-role-admin = مدير الدليل
admin-role-operator = مشغّل الخادم
admin-flag-unreachable = تعذّر الوصول إليها
admin-flag-unverified = لم يُتحقق منها

## قبول دولة وتعليق مشاركتها واستئنافها.

admin-admit-heading = قبول { $state } في الدليل
admin-admit-explanation = ستشارك { $state } في الدليل: يمكن تسجيل مسؤوليها، وتسمية جهات الاتصال التابعة لها والاطلاع عليها.
admin-resume-heading = استئناف مشاركة { $state }
admin-resume-explanation = ستعود { $state } إلى المشاركة: يستعيد مستخدموها إمكانية الوصول، وتصبح مدخلاتها، المحفوظة أثناء التعليق، ظاهرة من جديد.
admin-suspend-heading = تعليق مشاركة { $state }
admin-suspend-explanation = سيفقد مستخدمو { $state } إمكانية الوصول إلى الدليل إلى أن تُستأنف مشاركتها. تُحفظ مدخلاتها ولكنها لا تُعرض.
admin-reason-label = السبب
admin-reason-hint = اختياري. يُحفظ في سجل التدقيق، مثل المذكرة الشفوية الواردة من البعثة الدائمة.
admin-notice-admitted = قُبلت { $state } في الدليل.
admin-notice-suspended = عُلّقت مشاركة { $state }.
admin-notice-resumed = استُؤنفت مشاركة { $state }.

## أشخاص الدولة وروابط التسجيل.

admin-people-heading = أشخاص { $state }
admin-people-state-page = صفحة الدولة
admin-people-audit = سجل تدقيق الدولة
admin-users-heading = المستخدمون المسجلون
admin-users-none = لم يسجّل أي مستخدم بعد.
admin-user-active = نشط
admin-user-disabled = معطّل
admin-links-heading = روابط التسجيل
admin-links-none = لم يصدر أي رابط تسجيل.
admin-link-pending = بانتظار الاستخدام
admin-link-used = مستخدَم
admin-link-expired = منتهي الصلاحية
admin-link-revoked = ملغى
admin-issue-heading = إصدار رابط تسجيل
admin-issue-intro = يتيح الرابط لشخص مسمّى إنشاء حساب بالدور المختار هنا. لا يُستخدم إلا مرة واحدة، وتنتهي صلاحيته بعد المدة المحددة.
admin-issue-not-participating = هذه الدولة لا تشارك حالياً في الدليل: لا يمكن إصدار رابط لها.
admin-field-role = الدور
admin-field-display-name = اسم الشخص
admin-field-display-name-hint = كما ينبغي أن يراه المستخدمون الآخرون، مع اللقب الوظيفي مثلاً.
admin-field-poc = جهة الاتصال التي يعمل المستخدم باسمها
admin-field-poc-hint = لمستخدم جهة الاتصال فقط: أحد مدخلات الدولة السارية.
admin-field-poc-none = لا شيء (مسؤول الدولة)
admin-field-valid-days = مدة الصلاحية (بالأيام)
admin-days-hint = من 1 إلى { $max } يوماً؛ { $default } أيام إذا تُرك الحقل فارغاً.
admin-issue-button = إصدار الرابط
admin-issued-title = صدر رابط التسجيل
admin-issued-for = إلى { $name }، { $role }، { $state }.
admin-issued-once = لا يُعرض هذا الرابط إلا مرة واحدة: انسخه الآن. تنتهي صلاحيته في { $expires }.
admin-issued-deliver = أرسله إلى الشخص عبر قناة موثوقة، مثل البعثة الدائمة. يستطيع أي شخص يحوز الرابط أن يستخدمه للتسجيل.
admin-issued-back = العودة إلى أشخاص الدولة
admin-revoke-heading = هل تريد إلغاء رابط تسجيل { $name } ({ $role })؟
admin-revoke-explanation = سيتوقف الرابط عن العمل فوراً. يمكنك إصدار رابط جديد في أي وقت.
admin-notice-revoked = أُلغي رابط التسجيل.

## العلامات على مدخل.

admin-flags-heading = العلامات على «{ $entry }» ({ $state })
admin-flags-entry-link = الانتقال إلى المدخل
admin-flags-retired = سُحب هذا المدخل: لا يمكن وضع علامة جديدة عليه.
admin-flags-current = العلامات الموضوعة
admin-flags-none = لا توجد علامات على هذا المدخل.
admin-flag-set-by = وُضعت في { $when } بواسطة { $actor }
admin-flags-reason = السبب:
admin-flags-remove = إزالة العلامة
admin-flags-set-heading = وضع علامة
admin-field-flag = العلامة
admin-flags-reason-hint = اختياري. يظهر في سجل تغييرات المدخل وفي سجل التدقيق.
admin-flags-set-button = وضع العلامة
admin-notice-flag-set = وُضعت العلامة.
admin-notice-flag-removed = أُزيلت العلامة.

## سجل التدقيق.

admin-audit-title = سجل التدقيق
admin-audit-own-state = السجلات المتعلقة بدولتك:
admin-audit-filter-state = الدولة
admin-audit-any-state = جميع الدول
admin-audit-filter-action = الإجراء (رمز، مثل state.admitted)
admin-audit-filter-subject = الموضوع (معرّف مدخل أو رابط أو رمز مميز)
admin-audit-filter-actor = المنفّذ (مثل user:اسم-الدخول)
admin-audit-none = لا توجد سجلات تطابق هذه المرشحات.
admin-audit-caption = سجلات التدقيق، الأحدث أولاً
admin-audit-col-seq = الرقم
admin-audit-col-time = الوقت
admin-audit-col-actor = المنفّذ
admin-audit-col-action = الإجراء
admin-audit-col-subject = الموضوع
admin-audit-col-detail = التفاصيل
admin-audit-paging = صفحات سجل التدقيق
admin-audit-newest = أحدث السجلات
admin-audit-older = سجلات أقدم
admin-audit-action-state-admitted = قبول دولة
admin-audit-action-state-suspended = تعليق مشاركة دولة
admin-audit-action-state-resumed = استئناف المشاركة
admin-audit-action-poc-create = تسمية جهة اتصال
admin-audit-action-poc-update = تحديث جهة اتصال
admin-audit-action-poc-retire = سحب جهة اتصال
admin-audit-action-poc-flag = وضع علامة
admin-audit-action-poc-unflag = إزالة علامة
admin-audit-action-token-issue = إصدار رمز مميز لواجهة البرمجة
admin-audit-action-token-revoke = إلغاء رمز مميز لواجهة البرمجة
admin-audit-action-enrolment-issue = إصدار رابط تسجيل
admin-audit-action-enrolment-revoke = إلغاء رابط تسجيل
admin-audit-key-reason = السبب
admin-audit-key-role = الدور
admin-audit-key-revision = الإصدار
admin-audit-key-flags = العلامات
admin-audit-key-display-name = الاسم
admin-audit-key-expires = انتهاء الصلاحية
admin-audit-key-entry = جهة الاتصال

## الأخطاء في الاستمارات.

admin-error-required = يُرجى ملء هذا الحقل.
admin-error-too-long = النص أطول من اللازم: { $max } حرفاً كحد أقصى.
admin-error-forbidden-character = يحتوي النص على حرف غير مسموح به (حرف تحكم أو حرف لاتجاه الكتابة).
admin-error-invalid = هذه القيمة غير صالحة.
admin-error-role = اختر أحد الأدوار المعروضة.
admin-error-days = أدخل عدداً صحيحاً من الأيام، من 1 إلى { $max }.
admin-error-poc-required = يجب ربط مستخدم جهة الاتصال بأحد مدخلات الدولة: اختر واحداً.
admin-error-poc-other-state = هذا المدخل تابع لدولة أخرى.
admin-error-poc-unknown = هذا المدخل غير موجود.
admin-error-poc-retired = سُحب هذا المدخل: اختر مدخلاً سارياً.
admin-error-not-participating = هذه الدولة لا تشارك حالياً في الدليل: لا يمكن إصدار رابط لها.
admin-error-flag = اختر إحدى العلامات المعروضة.
admin-error-flag-already-set = هذه العلامة موضوعة على المدخل بالفعل.
admin-error-flag-not-set = هذه العلامة غير موضوعة على المدخل (أو لم تعد موضوعة).
admin-error-state = اختر إحدى الدول المعروضة.
admin-field-email = عنوان البريد الإلكتروني (اختياري)
admin-field-email-hint = إن كنتم تعرفونه: سيُملأ مسبقاً في استمارة التسجيل، حيث يؤكده الشخص أو يصححه.
