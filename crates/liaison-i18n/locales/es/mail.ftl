# Correos que envía Liaison (incidencia 4): la prueba de comunicación («ping») de un punto de
# contacto, en el idioma de la ficha con el texto inglés a continuación, y el aviso a los
# administradores de un Estado, en el idioma de cada uno.

mail-directory = el directorio mundial e intergubernamental de puntos de contacto sobre seguridad de las TIC
mail-ping-subject = Prueba de comunicación («ping») del directorio de puntos de contacto: confirme la recepción antes del { $deadline }
mail-ping-greeting = Estimado punto de contacto:
mail-ping-intro = Cada seis meses, { $directory } comprueba que su información está al día (anexo A, párrafo 8). Esta es la prueba de comunicación de la campaña iniciada el { $started }, para la siguiente ficha:
mail-ping-entry = { $entry } ({ $state }, punto de contacto { $role })
mail-ping-deadline = Le rogamos que confirme la recepción a más tardar el { $deadline }.
mail-ping-deadline-local = En su huso horario ({ $zone }), eso corresponde al { $deadline }.
mail-ping-how = Puede confirmar la recepción de cualquiera de estas formas:
mail-ping-how-link = abra este enlace y pulse el botón de la página que se muestra:
mail-ping-how-reply = responda a este mensaje (no importa lo que escriba);
mail-ping-how-app = inicie sesión en el directorio, donde la prueba figura entre sus solicitudes pendientes.
mail-ping-key-expired = La clave OpenPGP publicada para esta ficha caducó el { $date }. Le rogamos que publique una nueva.
mail-ping-key-expiring = La clave OpenPGP publicada para esta ficha caduca el { $date }, antes de la próxima prueba de comunicación. Le rogamos que publique una nueva a tiempo.
mail-ping-outdated = Si esta ficha ya no es correcta, pida al administrador del directorio de su Estado que la actualice.
mail-ping-footer = Este mensaje se ha enviado automáticamente. No lo reenvíe: el enlace pertenece a esta ficha y solo sirve una vez.
mail-english-follows = A continuación figura el mismo mensaje en inglés.
mail-role-diplomatic = diplomático
mail-role-technical = técnico
mail-escalation-subject = Prueba de comunicación: puntos de contacto de { $state } no respondieron ({ $count })
mail-escalation-greeting = Estimado administrador:
mail-escalation-intro = En la prueba de comunicación del directorio iniciada el { $started }, los siguientes puntos de contacto de { $state } no confirmaron la recepción dentro del plazo:
mail-escalation-no-response = sin respuesta
mail-escalation-bounced = no se pudo entregar el mensaje
mail-escalation-ask = Le rogamos que compruebe que estas fichas siguen siendo correctas y las actualice en el directorio, o que pida a los puntos de contacto que confirmen la recepción de la prueba.
mail-escalation-link = El directorio:
mail-escalation-footer = El directorio envió este mensaje automáticamente porque usted administra las fichas de { $state }.
mail-notification-subject = Directorio de puntos de contacto: un hilo requiere su atención (urgencia: { $urgency })
mail-notification-urgency = Urgencia del hilo: { $urgency }
mail-notification-sign-in = Inicie sesión en el directorio para leerlo. Lo que intercambian los puntos de contacto está cifrado de extremo a extremo y nunca se envía por correo electrónico:
mail-notification-footer = Este mensaje se envió automáticamente. Solo indica que ha ocurrido algo en un hilo; no contiene nada del intercambio.
mail-bridge-subject = Directorio de puntos de contacto: un mensaje cifrado en uno de sus hilos
