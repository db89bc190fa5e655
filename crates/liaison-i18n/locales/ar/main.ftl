# Liaison — رسائل واجهة برمجة التطبيقات JSON وسطر الأوامر (العربية).
# يحتوي كل مجلد لغة على معرّفات الرسائل نفسها؛ ويفشل اختبار إذا كان أحدها مفقودا أو غير مستخدم.

## الحقول المرفوضة (liaison_core::ErrorCode). { $field } هو مسار الحقل في JSON،
## أما { $detail } فهو وسيط تقني قصير (حد أقصى أو رمز محرف) أو قيمة فارغة.

error-invalid-json = النص ليس بصيغة JSON صالحة ({ $detail }).
error-invalid-utf8 = النص ليس بترميز UTF-8 صالح ({ $detail }).
error-not-an-object = كان المتوقع كائن JSON.
error-unknown-field = الحقل «{ $field }» ليس من حقول قيد جهة الاتصال.
error-required = الحقل «{ $field }» إلزامي.
error-wrong-type = نوع الحقل «{ $field }» غير صحيح.
error-too-long = الحقل «{ $field }» طويل جدا (الحد الأقصى لعدد المحارف: { $detail }).
error-too-many = عدد عناصر الحقل «{ $field }» كبير جدا (الحد الأقصى لعدد العناصر: { $detail }).
error-forbidden-character = يحتوي الحقل «{ $field }» على محرف غير مسموح به ({ $detail }): تُرفض محارف التحكم ومحارف تجاوز الاتجاه الثنائي.
error-invalid-uuid = المعرّف ليس قيمة UUID صالحة.
error-unknown-state = «{ $detail }» ليس رمزا مكونا من حرفين لدولة عضو في الأمم المتحدة أو دولة مراقبة.
error-not-a-un-state = «{ $detail }» لا يشير إلى دولة عضو في الأمم المتحدة أو دولة مراقبة.
error-invalid-role = يجب أن يكون الدور «diplomatic» أو «technical».
error-invalid-kind = يجب أن تكون الفئة «entity» أو «person».
error-invalid-phone = رقم الهاتف الوارد في «{ $field }» ليس بالصيغة الدولية E.164 (على سبيل المثال +41227917000).
error-invalid-phone-type = يجب أن يكون نوع الهاتف voice أو mobile أو emergency أو fax.
error-invalid-email = عنوان البريد الإلكتروني الوارد في «{ $field }» غير صالح.
error-invalid-language = لغة العمل الواردة في «{ $field }» ليست رمز لغة صالحا وفق المعيار ISO 639-1.
error-invalid-entry-language = يجب أن تكون لغة القيد إحدى اللغات الرسمية الست للأمم المتحدة: ar, zh, en, fr, ru, es.
error-no-contact = يرجى تقديم رقم هاتف أو عنوان بريد إلكتروني واحد على الأقل.
error-not-allowed-for-entity = الحقل «{ $field }» ينطبق على الشخص فقط، لا على الكيان.
error-invalid-time-zone = يجب أن تكون المنطقة الزمنية اسم منطقة زمنية من أسماء IANA، مثل Europe/Geneva.
error-invalid-availability = يجب أن تكون قيمة التوافر «business_hours» أو «24/7».
error-invalid-openpgp-key = رُفض مفتاح OpenPGP العام ({ $detail }).
error-duplicate-id = يوجد بالفعل قيد يحمل المعرّف { $detail }.
error-line-too-long = القيد كبير جدا (الحد الأقصى للحجم بالبايت: { $detail }).
error-state-mismatch = لا يجوز نقل القيد إلى دولة أخرى.
error-id-mismatch = المعرّف الوارد في متن الطلب لا يطابق العنوان.
error-invalid-flag = يجب أن تكون العلامة «unreachable» أو «unverified».

## أخطاء واجهة برمجة التطبيقات على مستوى الطلب.

api-unauthenticated = يلزم تسجيل الدخول: يرجى إرسال رمز وصول صالح.
api-forbidden = غير مسموح لك بإجراء هذه العملية.
api-not-participating = لا تشارك دولتكم حاليا في الدليل.
api-other-state = يتعلق هذا الأمر بدولة أخرى: لا يقوم به إلا مديروها.
api-neutrality = لا يغيّر مدير الدليل القيود الخاصة بأي دولة.
api-not-found = لم يُعثر على أي شيء في هذا العنوان.
api-invalid-input = يحتوي الطلب على قيم غير صالحة.
api-stale-revision = تغيّر القيد منذ أن اطلعت عليه؛ يرجى الاطلاع عليه مجددا ثم إعادة إجراء التغيير.
api-already-exists = يوجد بالفعل قيد يحمل هذا المعرّف.
api-retired = سُحب هذا القيد من الاستخدام ولم يعد من الممكن تغييره.
api-invalid-transition = لا يمكن إجراء هذا التغيير في المشاركة انطلاقا من الوضع الحالي للدولة.
api-state-not-participating = لا تشارك الدولة في الدليل؛ ويجب قبول مشاركتها أولا.
api-flag-already-set = هذه العلامة موضوعة بالفعل على القيد.
api-flag-not-set = هذه العلامة غير موضوعة على القيد.
api-conflict = يتعارض التغيير مع تغيير آخر؛ يرجى إعادة المحاولة.
api-internal = حدث خطأ في الخادم. وقد سُجلت المشكلة.
api-body-too-large = الطلب كبير جدا.
api-bad-parameter = قيمة المعلمة «{ $field }» غير صالحة.
api-method-not-allowed = هذه الطريقة غير مسموح بها في هذا العنوان.
api-bad-request = تعذّر فهم الطلب.
api-ping-not-valid = رابط اختبار الاتصال هذا غير صالح.
api-already-acknowledged = تم تأكيد استلام اختبار الاتصال هذا من قبل.
api-ping-not-issued = لم يُرسَل اختبار الاتصال هذا بعد.
api-nothing-to-ping = لا يوجد قيد نشط يطابق نطاق الحملة.
