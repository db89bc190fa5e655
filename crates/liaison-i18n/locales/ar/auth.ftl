## auth.ftl — التسجيل وتسجيل الدخول وعوامل التحقق الثانية وصفحة الحساب.

auth-role-admin = مدير الدليل
auth-role-state-admin = مسؤول الدولة
auth-role-poc = مستخدم جهة اتصال
auth-role-operator = المشغّل

auth-link-ask-admin = إذا كنت لا تزال بحاجة إلى حساب، فاطلب رابطاً جديداً من الشخص الذي أرسل إليك هذا الرابط.
auth-link-used-title = سبق استخدام رابط التسجيل هذا
auth-link-used-body = لا يُنشئ كل رابط تسجيل إلا حساباً واحداً. إذا كنت قد أنشأت حسابك بهذا الرابط، فسجّل الدخول.
auth-link-expired-title = انتهت صلاحية رابط التسجيل هذا
auth-link-expired-body = روابط التسجيل صالحة لمدة محدودة فقط، ولم يعد من الممكن استخدام هذا الرابط.
auth-link-revoked-title = سُحب رابط التسجيل هذا
auth-link-revoked-body = سحب الشخص الذي أصدر هذا الرابط رابطه، فلم يعد من الممكن استخدامه.
auth-link-unknown-title = رابط التسجيل هذا غير صالح
auth-link-unknown-body = تحقّق من نسخ العنوان كاملاً. الروابط الناقصة أو المكتوبة خطأً لا تعمل.

auth-enrol-title = أنشئ حسابك
auth-enrol-intro = هذا الرابط مخصّص لـ { $name } بصفة { $role } عن { $state }.
auth-enrol-intro-admin = هذا الرابط مخصّص لـ { $name } بصفة { $role }.
auth-enrol-account = بيانات تسجيل الدخول
auth-enrol-second-factor = تطبيق المصادقة
auth-enrol-second-factor-intro = يتطلب تسجيل الدخول أيضاً رمزاً من تطبيق مصادقة على هاتفك أو حاسوبك.
auth-enrol-submit = إنشاء الحساب
auth-errors-below = بعض المعلومات تحتاج إلى تصحيح. انظر الرسائل أدناه.

auth-field-login = اسم المستخدم
auth-hint-login = اختر الاسم الذي ستكتبه لتسجيل الدخول، مثل عنوان بريدك الإلكتروني، من دون مسافات.
auth-field-password = كلمة المرور
auth-hint-password = { $min } حرفاً على الأقل، بأي لغة. العبارة المؤلفة من عدة كلمات سهلة التذكر وصعبة التخمين.
auth-field-password-confirm = أعد كتابة كلمة المرور
auth-field-totp-code = الرمز من التطبيق
auth-hint-totp-code = الرمز المكوّن من 6 أرقام الذي يعرضه التطبيق الآن.
auth-field-code = رمز التحقق
auth-hint-code = الرمز المكوّن من 6 أرقام من تطبيق المصادقة، أو أحد رموز الاسترداد الخاصة بك.

auth-totp-step-app = افتح تطبيق المصادقة وأضف حساباً جديداً.
auth-totp-step-key = أدخل هذا المفتاح في التطبيق، أو افتح العنوان أدناه على الجهاز المثبّت عليه التطبيق.
auth-totp-secret-label = المفتاح
auth-totp-uri-label = عنوان لتطبيقات المصادقة
auth-totp-step-code = اكتب الرمز الذي يعرضه التطبيق الآن.

auth-error-login-invalid = أدخل اسم مستخدم من دون مسافات، لا يتجاوز 254 حرفاً.
auth-error-login-taken = اسم المستخدم هذا مستخدم بالفعل. اختر اسماً آخر.
auth-error-password-short = يجب أن تتكون كلمة المرور من { $min } حرفاً على الأقل.
auth-error-password-long = كلمة المرور طويلة جداً: استخدم 256 حرفاً على الأكثر.
auth-error-password-control = تحتوي كلمة المرور على أحرف لا يمكن كتابتها. استخدم الحروف والأرقام والمسافات وعلامات الترقيم.
auth-error-password-mismatch = كلمتا المرور غير متطابقتين.
auth-error-code-wrong = هذا الرمز غير صحيح. تحقّق من إدخال المفتاح بشكل صحيح واكتب الرمز الذي يعرضه التطبيق الآن.
auth-error-name-invalid = أدخل اسماً لا يتجاوز 100 حرف.
auth-error-last-factor = لا يمكن حذفه: لن يبقى لحسابك أي عامل تحقق ثانٍ.

auth-enrolled-title = حسابك جاهز
auth-recovery-intro = احفظ رموز الاسترداد هذه في مكان آمن بعيداً عن هاتفك. إذا فقدت تطبيق المصادقة، يتيح لك كل رمز تسجيل الدخول مرة واحدة بدلاً من رمز التطبيق.
auth-recovery-new-title = رموز الاسترداد الجديدة
auth-recovery-once = لا تُعرض إلا هذه المرة. لم تعد رموز الاسترداد السابقة صالحة.
auth-continue = متابعة

auth-sign-in-title = تسجيل الدخول
auth-sign-in-submit = متابعة
auth-sign-in-help = تُمنح الحسابات للأشخاص الذين تعيّنهم الدول المشاركة. إذا تعذّر عليك تسجيل الدخول، فاتصل بمسؤول دولتك.
auth-error-sign-in-failed = اسم المستخدم أو كلمة المرور غير صحيحين، أو لا يمكن استخدام الحساب.
auth-error-too-many = محاولات فاشلة كثيرة جداً. يرجى المحاولة لاحقاً.
auth-error-start-again = استغرق تسجيل الدخول وقتاً طويلاً أو تجاوز عدد المحاولات المسموح به. يرجى البدء من جديد.
auth-code-title = أدخل الرمز
auth-code-submit = تسجيل الدخول
auth-code-start-again = البدء من جديد
auth-error-code-failed = الرمز غير صحيح، أو سبق استخدامه.

auth-account-title = حسابي
auth-account-name = الاسم
auth-account-role = الدور
auth-account-totp-heading = تطبيق المصادقة
auth-account-totp-on = يطلب تسجيل الدخول رمزاً من تطبيق المصادقة الخاص بك.
auth-account-totp-off = لم يُعدّ أي تطبيق مصادقة.
auth-account-totp-intro = للانتقال إلى هاتف أو تطبيق جديد، أعِدّه بهذا المفتاح الجديد. يتوقف التطبيق القديم عن العمل فور قبول الرمز الجديد.
auth-account-totp-submit = استخدام هذا التطبيق
auth-account-totp-changed = تم تغيير تطبيق المصادقة.
auth-account-recovery-heading = رموز الاسترداد
auth-account-recovery-left = رموز الاسترداد المتبقية: { $count }
auth-account-recovery-intro = تحل الرموز الجديدة محل جميع الرموز السابقة.
auth-account-recovery-submit = إنشاء رموز استرداد جديدة
auth-account-sessions-heading = الجلسات
auth-account-sessions-intro = إذا سجّلت الدخول على حاسوب لم تعد تستخدمه، أو تظن أن شخصاً آخر فعل ذلك، فسجّل الخروج من كل مكان. سيتعين عليك تسجيل الدخول هنا أيضاً من جديد.
auth-account-sign-out-everywhere = تسجيل الخروج من كل مكان

## مفاتيح المرور.

auth-passkeys-heading = مفاتيح المرور
auth-passkeys-intro = يتيح لك مفتاح المرور تسجيل الدخول بقفل شاشة جهازك أو بمفتاح أمان، من دون كلمة مرور أو رمز.
auth-passkeys-none = ليست لديك مفاتيح مرور.
auth-passkey-col-name = الاسم
auth-passkey-col-added = تاريخ الإضافة
auth-passkey-col-used = آخر استخدام
auth-passkey-col-actions = الإجراءات
auth-passkey-remove = حذف
auth-passkey-remove-named = حذف مفتاح المرور { $name }
auth-passkey-never = لم يُستخدم قط
auth-passkey-name = اسم مفتاح المرور الجديد
auth-passkey-name-hint = مثل اسم الجهاز الموجود عليه، لتمييز مفاتيح المرور الخاصة بك بعضها من بعض.
auth-passkey-register = إضافة مفتاح مرور
auth-passkey-failed = تعذّر استخدام مفتاح المرور. يرجى المحاولة مرة أخرى.
auth-passkey-unsupported = لا يدعم هذا المتصفح مفاتيح المرور.
auth-passkey-sign-in = تسجيل الدخول بمفتاح مرور
auth-account-passkey-added = تمت إضافة مفتاح المرور.
auth-account-passkey-removed = تم حذف مفتاح المرور.
auth-field-email = عنوان البريد الإلكتروني
auth-hint-email = العنوان الذي يراسلكم عليه الدليل، مثلاً عندما لا ترد جهات اتصال دولتكم على اختبار الاتصال.
auth-field-language = لغة الرسائل
auth-error-email-invalid = أدخلوا عنوان بريد إلكتروني صالحاً.
auth-account-contact-heading = رسائل الدليل
auth-account-contact-submit = حفظ
auth-account-contact-saved = تم حفظ عنوانكم ولغتكم.
