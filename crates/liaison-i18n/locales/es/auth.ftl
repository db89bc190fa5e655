## auth.ftl — inscripción, inicio de sesión, segundos factores y página de la cuenta.

auth-role-admin = administrador del directorio
auth-role-state-admin = administrador del Estado
auth-role-poc = usuario punto de contacto
auth-role-operator = operador

auth-link-ask-admin = Si todavía necesita una cuenta, pida un enlace nuevo a la persona que le envió este.
auth-link-used-title = Este enlace de inscripción ya se ha utilizado
auth-link-used-body = Cada enlace de inscripción crea una sola cuenta. Si creó su cuenta con él, inicie sesión.
auth-link-expired-title = Este enlace de inscripción ha caducado
auth-link-expired-body = Los enlaces de inscripción solo son válidos durante un tiempo limitado y este ya no puede utilizarse.
auth-link-revoked-title = Este enlace de inscripción ha sido retirado
auth-link-revoked-body = La persona que emitió este enlace lo retiró, por lo que ya no puede utilizarse.
auth-link-unknown-title = Este enlace de inscripción no es válido
auth-link-unknown-body = Compruebe que se copió la dirección completa. Los enlaces incompletos o mal escritos no funcionan.

auth-enrol-title = Cree su cuenta
auth-enrol-intro = Este enlace es para { $name }, como { $role } de { $state }.
auth-enrol-intro-admin = Este enlace es para { $name }, como { $role }.
auth-enrol-account = Datos de inicio de sesión
auth-enrol-second-factor = Aplicación de autenticación
auth-enrol-second-factor-intro = Para iniciar sesión también se necesita un código de una aplicación de autenticación en su teléfono o computadora.
auth-enrol-submit = Crear cuenta
auth-errors-below = Es necesario corregir algunos datos. Vea los mensajes a continuación.

auth-field-login = Nombre de usuario
auth-hint-login = Elija el nombre que escribirá para iniciar sesión, por ejemplo su dirección de correo electrónico. Sin espacios.
auth-field-password = Contraseña
auth-hint-password = Al menos { $min } caracteres, en cualquier idioma. Una frase de varias palabras es fácil de recordar y difícil de adivinar.
auth-field-password-confirm = Repita la contraseña
auth-field-totp-code = Código de la aplicación
auth-hint-totp-code = El código de 6 dígitos que muestra ahora la aplicación.
auth-field-code = Código de verificación
auth-hint-code = El código de 6 dígitos de su aplicación de autenticación, o uno de sus códigos de recuperación.

auth-totp-step-app = Abra su aplicación de autenticación y añada una cuenta nueva.
auth-totp-step-key = Introduzca esta clave en la aplicación, o abra la dirección siguiente en el dispositivo que tiene la aplicación.
auth-totp-secret-label = Clave
auth-totp-uri-label = Dirección para aplicaciones de autenticación
auth-totp-step-code = Escriba el código que muestra ahora la aplicación.

auth-error-login-invalid = Introduzca un nombre de usuario sin espacios, de 254 caracteres como máximo.
auth-error-login-taken = Este nombre de usuario ya está en uso. Elija otro.
auth-error-password-short = La contraseña debe tener al menos { $min } caracteres.
auth-error-password-long = La contraseña es demasiado larga: use 256 caracteres como máximo.
auth-error-password-control = La contraseña contiene caracteres que no se pueden escribir. Use letras, dígitos, espacios y signos de puntuación.
auth-error-password-mismatch = Las dos contraseñas no coinciden.
auth-error-code-wrong = Este código no es correcto. Compruebe que la clave se introdujo bien y escriba el código que muestra ahora la aplicación.
auth-error-name-invalid = Introduzca un nombre de 100 caracteres como máximo.
auth-error-last-factor = No se puede eliminar: su cuenta se quedaría sin segundo factor.

auth-enrolled-title = Su cuenta está lista
auth-recovery-intro = Guarde estos códigos de recuperación en un lugar seguro, lejos de su teléfono. Si pierde su aplicación de autenticación, cada código le permite iniciar sesión una vez en lugar de un código de la aplicación.
auth-recovery-new-title = Sus nuevos códigos de recuperación
auth-recovery-once = Solo se muestran esta vez. Los códigos de recuperación anteriores ya no funcionan.
auth-continue = Continuar

auth-sign-in-title = Iniciar sesión
auth-sign-in-submit = Continuar
auth-sign-in-help = Las cuentas se conceden a las personas designadas por los Estados participantes. Si no puede iniciar sesión, póngase en contacto con el administrador de su Estado.
auth-error-sign-in-failed = El nombre de usuario o la contraseña no son correctos, o la cuenta no puede utilizarse.
auth-error-too-many = Demasiados intentos fallidos. Vuelva a intentarlo más tarde.
auth-error-start-again = El inicio de sesión tardó demasiado o tuvo demasiados intentos. Vuelva a empezar.
auth-code-title = Introduzca su código
auth-code-submit = Iniciar sesión
auth-code-start-again = Volver a empezar
auth-error-code-failed = El código no es correcto o ya se ha utilizado.

auth-account-title = Mi cuenta
auth-account-name = Nombre
auth-account-role = Función
auth-account-totp-heading = Aplicación de autenticación
auth-account-totp-on = Al iniciar sesión se pide un código de su aplicación de autenticación.
auth-account-totp-off = No hay ninguna aplicación de autenticación configurada.
auth-account-totp-intro = Para pasar a un teléfono o una aplicación nuevos, configúrelos con esta clave nueva. La aplicación anterior deja de funcionar en cuanto se acepta el código nuevo.
auth-account-totp-submit = Usar esta aplicación
auth-account-totp-changed = Se ha cambiado su aplicación de autenticación.
auth-account-recovery-heading = Códigos de recuperación
auth-account-recovery-left = Códigos de recuperación restantes: { $count }
auth-account-recovery-intro = Los códigos nuevos sustituyen a todos los anteriores.
auth-account-recovery-submit = Crear códigos de recuperación nuevos
auth-account-sessions-heading = Sesiones
auth-account-sessions-intro = Si inició sesión en una computadora que ya no usa, o cree que otra persona lo hizo, cierre la sesión en todas partes. También tendrá que volver a iniciar sesión aquí.
auth-account-sign-out-everywhere = Cerrar sesión en todas partes

## Llaves de acceso.

auth-passkeys-heading = Llaves de acceso
auth-passkeys-intro = Una llave de acceso le permite iniciar sesión con el bloqueo de pantalla de su dispositivo o una llave de seguridad, sin contraseña ni código.
auth-passkeys-none = No tiene llaves de acceso.
auth-passkey-col-name = Nombre de la llave
auth-passkey-col-added = Añadida el
auth-passkey-col-used = Último uso
auth-passkey-col-actions = Acciones
auth-passkey-remove = Eliminar
auth-passkey-remove-named = Eliminar la llave de acceso { $name }
auth-passkey-never = Nunca
auth-passkey-name = Nombre de la nueva llave de acceso
auth-passkey-name-hint = Por ejemplo, el dispositivo en que se encuentra, para distinguir sus llaves de acceso.
auth-passkey-register = Añadir una llave de acceso
auth-passkey-failed = No se pudo usar la llave de acceso. Vuelva a intentarlo.
auth-passkey-unsupported = Este navegador no admite llaves de acceso.
auth-passkey-sign-in = Iniciar sesión con una llave de acceso
auth-account-passkey-added = Se ha añadido la llave de acceso.
auth-account-passkey-removed = Se ha eliminado la llave de acceso.
auth-field-email = Dirección de correo electrónico
auth-hint-email = La dirección a la que le escribe el directorio, por ejemplo cuando puntos de contacto de su Estado no responden a una prueba de comunicación.
auth-field-language = Idioma de los mensajes
auth-error-email-invalid = Introduzca una dirección de correo electrónico válida.
auth-account-contact-heading = Mensajes del directorio
auth-account-contact-submit = Guardar
auth-account-contact-saved = Se han guardado su dirección y su idioma.
