# Liaison — mensajes de la API JSON y de la línea de comandos (español).
# Cada carpeta de idioma contiene los mismos identificadores de mensaje; una prueba falla si falta alguno o si alguno no se utiliza.

## Campos rechazados (liaison_core::ErrorCode). { $field } es la ruta JSON del campo,
## { $detail } un breve argumento técnico (un límite, un código de carácter) o un valor vacío.

error-invalid-json = El texto no es un documento JSON válido ({ $detail }).
error-invalid-utf8 = El texto no está codificado en UTF-8 válido ({ $detail }).
error-not-an-object = Se esperaba un objeto JSON.
error-unknown-field = El campo «{ $field }» no forma parte de una entrada de punto de contacto.
error-required = El campo «{ $field }» es obligatorio.
error-wrong-type = El campo «{ $field }» no es del tipo correcto.
error-too-long = El campo «{ $field }» es demasiado largo (máximo { $detail } caracteres).
error-too-many = El campo «{ $field }» contiene demasiados elementos (máximo { $detail }).
error-forbidden-character = El campo «{ $field }» contiene un carácter no permitido ({ $detail }): se rechazan los caracteres de control y los caracteres de anulación bidireccional.
error-invalid-uuid = El identificador no es un UUID válido.
error-unknown-state = «{ $detail }» no es el código de dos letras de un Estado Miembro o un Estado observador de las Naciones Unidas.
error-not-a-un-state = «{ $detail }» no es un Estado Miembro ni un Estado observador de las Naciones Unidas.
error-invalid-role = La función debe ser «diplomatic» o «technical».
error-invalid-kind = La categoría debe ser «entity» o «person».
error-invalid-phone = El número de teléfono que figura en «{ $field }» no tiene el formato internacional E.164 (por ejemplo, +41227917000).
error-invalid-phone-type = El tipo de teléfono debe ser voice, mobile, emergency o fax.
error-invalid-email = La dirección de correo electrónico que figura en «{ $field }» no es válida.
error-invalid-language = El idioma de trabajo que figura en «{ $field }» no es un código de idioma ISO 639-1 válido.
error-invalid-entry-language = El idioma de la entrada debe ser uno de los seis idiomas oficiales de las Naciones Unidas: ar, zh, en, fr, ru, es.
error-no-contact = Indique al menos un número de teléfono o una dirección de correo electrónico.
error-not-allowed-for-entity = El campo «{ $field }» solo se aplica a una persona, no a una entidad.
error-invalid-time-zone = El huso horario debe ser un nombre de huso horario de la IANA, como Europe/Geneva.
error-invalid-availability = La disponibilidad debe ser «business_hours» o «24/7».
error-invalid-openpgp-key = Se rechazó la clave pública OpenPGP ({ $detail }).
error-duplicate-id = Ya existe una entrada con el identificador { $detail }.
error-line-too-long = La entrada es demasiado grande (máximo { $detail } bytes).
error-state-mismatch = Una entrada no puede transferirse a otro Estado.
error-id-mismatch = El identificador que figura en el cuerpo de la solicitud no coincide con la dirección.
error-invalid-flag = El indicador debe ser «unreachable» o «unverified».

## Errores de la API relativos a la solicitud.

api-unauthenticated = Es necesario iniciar sesión: envíe un token de acceso válido.
api-forbidden = No tiene autorización para realizar esta operación.
api-not-participating = Su Estado no participa actualmente en el directorio.
api-other-state = Esta operación concierne a otro Estado: solo sus propios administradores pueden realizarla.
api-neutrality = El administrador del directorio no modifica las entradas propias de un Estado.
api-not-found = No se encontró nada en esta dirección.
api-invalid-input = La solicitud contiene valores no válidos.
api-stale-revision = La entrada ha cambiado desde que la consultó; vuelva a consultarla y repita la modificación.
api-already-exists = Ya existe una entrada con este identificador.
api-retired = Esta entrada se ha retirado y ya no puede modificarse.
api-invalid-transition = Este cambio de participación no es posible dada la situación actual del Estado.
api-state-not-participating = El Estado no participa en el directorio; primero debe ser admitido.
api-flag-already-set = Este indicador ya está establecido para la entrada.
api-flag-not-set = Este indicador no está establecido para la entrada.
api-conflict = La modificación entra en conflicto con otra modificación; inténtelo de nuevo.
api-internal = Se produjo un error en el servidor. El problema ha quedado registrado.
api-body-too-large = La solicitud es demasiado grande.
api-bad-parameter = El parámetro «{ $field }» tiene un valor no válido.
api-method-not-allowed = Este método no está permitido en esta dirección.
api-bad-request = No se pudo interpretar la solicitud.
api-ping-not-valid = Este enlace de prueba de comunicación no es válido.
api-already-acknowledged = La recepción de esta prueba de comunicación ya se confirmó.
api-ping-not-issued = Esta prueba de comunicación aún no se ha enviado.
api-nothing-to-ping = Ninguna entrada activa corresponde al objetivo de la campaña.

## Intercambios entre puntos de contacto (issue 5): campos rechazados.

error-unknown-recipient = «{ $field }» no es una entrada del directorio.
error-recipient-unavailable = La entrada «{ $field }» no puede recibir mensajes: está retirada o su Estado no participa en el directorio.
error-duplicate-recipient = La entrada «{ $field }» figura dos veces.
error-invalid-ciphertext = El mensaje no es un mensaje cifrado con OpenPGP que el directorio pueda aceptar ({ $detail }). Cífrelo en su dispositivo con las claves de los participantes: el directorio nunca guarda contenido legible.
error-not-encrypted-to-recipient = El mensaje no está cifrado con la clave actual de la entrada { $detail }. Vuelva a obtener las claves de los participantes y cifre con cada una de ellas.
error-not-encrypted-to-sender = El mensaje también debe estar cifrado con su propia clave publicada, para que conserve un registro legible.
error-encrypted-to-outsider = El mensaje también está cifrado con la clave { $detail }, que no pertenece a ningún participante. La información intercambiada no se comunica a terceros sin consentimiento.
error-sender-has-no-key = Su entrada no tiene ninguna clave OpenPGP utilizable: publique una antes de escribir.
error-invalid-choice = El valor de «{ $field }» no es ninguna de las opciones ofrecidas ({ $detail }).
error-invalid-timestamp = «{ $field }» debe ser una fecha y hora en formato RFC 3339, por ejemplo 2025-06-01T08:30:00Z.
error-invalid-respond-by = El plazo de respuesta debe situarse en el futuro y a lo sumo dentro de un año.
error-invalid-stix = «{ $field }» no se ajusta a STIX 2.1: { $detail }.
error-invalid-template = El documento no indica qué plantilla sigue («template» y «version»), o menciona una que esta versión de Liaison no conoce.
error-invalid-key-blob = Se rechazó la clave privada ({ $detail }): envíe una clave privada OpenPGP en armadura ASCII cuyas claves secretas estén todas protegidas por una frase de contraseña.
error-key-cannot-encrypt = Esta clave OpenPGP no contiene ninguna clave utilizable para cifrar, de modo que nadie podría escribirle con ella.
error-key-expired = Esta clave OpenPGP ha caducado.
error-invalid-device = El nombre del dispositivo debe tener entre 1 y 64 letras, cifras, puntos, guiones o guiones bajos.
error-target-is-participant = La entrada «{ $field }» ya participa en el intercambio.

## Intercambios entre puntos de contacto: errores de la solicitud.

api-cross-role = El destinatario «{ $field }» tiene la otra función: los puntos de contacto diplomáticos solo se dirigen a puntos de contacto diplomáticos de otros Estados, y los técnicos solo a puntos de contacto técnicos (anexo A, párr. 9).
api-own-state-recipient = La entrada «{ $field }» pertenece a su propio Estado: las consultas se dirigen a otros Estados; para llegar a los puntos de contacto de su Estado, deje una nota de coordinación.
api-not-participant = Solo los puntos de contacto que participan en este intercambio pueden hacerlo.
api-confidential = El administrador del directorio nunca ve lo que intercambian los puntos de contacto; solo se dispone de recuentos y plazos.
api-thread-closed = Este intercambio está cerrado: ya no se le puede añadir nada.
api-not-a-recipient = Solo un destinatario de la consulta puede hacerlo.
api-not-delivered = La consulta aún no se le ha entregado: abra primero el intercambio.
api-receipt-already-acknowledged = Ya ha acusado recibo.
api-awaiting-key = Su entrada no tenía ninguna clave utilizable cuando se envió: publique una clave y pida al remitente que vuelva a cifrar.
api-consent-required = El reenvío requiere el consentimiento registrado de cada uno de los demás participantes, para estos destinatarios (anexo A, párr. 11).
api-consent-not-pending = Esta solicitud de consentimiento ya fue rechazada o utilizada.
api-already-decided = Su entrada ya respondió a esta solicitud.
api-own-request = No puede responder a su propia solicitud de consentimiento.
api-nothing-to-reencrypt = Ninguna de las entradas que esperaban este mensaje puede leer la nueva copia: cífrela con la clave que han publicado ahora.
