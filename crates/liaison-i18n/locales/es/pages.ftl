# Liaison — texto de las páginas web (español).
# Cada carpeta de idioma contiene los mismos identificadores; una prueba falla si falta alguno o no se usa.

## Todas las páginas

site-name = Directorio Mundial e Intergubernamental de Puntos de Contacto
nav-skip-to-content = Ir al contenido
nav-main = Navegación principal
nav-directory = Directorio
nav-my-state = Mi Estado
nav-admin = Administración
nav-account = Mi cuenta
nav-sign-out = Cerrar sesión
nav-sign-in = Iniciar sesión
nav-languages = Idioma
footer-source = Establecido con arreglo al anexo A del segundo informe anual sobre los progresos realizados del Grupo de Trabajo de Composición Abierta sobre la Seguridad de las Tecnologías de la Información y las Comunicaciones y de su Uso (A/78/265).
footer-software = Liaison, programa informático de código abierto para el directorio.

## Cada idioma se designa en su propio idioma, en todos los archivos.

language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español

## La página pública sobre el mandato del directorio (anexo A, párrs. 1 a 7).

mandate-title = El directorio mundial e intergubernamental de puntos de contacto sobre seguridad de las TIC
mandate-intro = Los Estados Miembros de las Naciones Unidas acordaron, en el Grupo de Trabajo de Composición Abierta, establecer un directorio mundial e intergubernamental por medio del cual los Estados puedan comunicarse con sus respectivos puntos de contacto en cuestiones relativas al uso de las tecnologías de la información y las comunicaciones (TIC) en el contexto de la paz y la seguridad internacionales.
mandate-purpose-heading = Propósito
mandate-purpose-intro = El directorio constituye en sí mismo una medida de fomento de la confianza y sirve de base para otras medidas de ese tipo que contribuyen a un entorno de las TIC abierto, seguro, estable, accesible y pacífico. Su finalidad es:
mandate-purpose-cooperation = Intensificar la interacción y la cooperación entre los Estados y, de ese modo, promover la paz y la seguridad internacionales y aumentar la transparencia y la previsibilidad;
mandate-purpose-coordination = Facilitar la coordinación y la comunicación entre los Estados, incluso en caso de incidentes urgentes o importantes relacionados con las TIC, a fin de fomentar la confianza, reducir las tensiones y evitar malentendidos y percepciones erróneas;
mandate-purpose-exchange = Aumentar el intercambio de información para que los Estados, incluso mediante la creación de capacidad, estén en mejores condiciones de prevenir y detectar los incidentes relacionados con las TIC, responder a ellos y recuperarse de ellos;
mandate-purpose-channel = Ofrecer a los Estados una comunicación segura y directa que ayude a prevenir y afrontar incidentes graves relacionados con las TIC, incluidos los que afectan a infraestructuras críticas, y a distender las tensiones en situaciones de crisis.
mandate-principles-heading = Principios
mandate-principle-voluntary-term = Carácter voluntario
mandate-principle-voluntary = Cada Estado decide si participa y qué información proporciona.
mandate-principle-neutral-term = Carácter práctico y neutral
mandate-principle-neutral = El directorio está al servicio de todos los Estados participantes por igual. El gestor del directorio gestiona la plataforma y no modifica la información que proporcionan los Estados.
mandate-principle-sovereignty-term = Soberanía
mandate-principle-sovereignty = El directorio se desarrolla y utiliza de conformidad con los principios de soberanía, igualdad soberana, arreglo de controversias por medios pacíficos y no intervención en los asuntos internos de otros Estados.
mandate-principle-complementary-term = Complementariedad
mandate-principle-complementary = El directorio tiene en cuenta y complementa la labor de las redes de equipos de respuesta a emergencias informáticas (CERT) y de equipos de respuesta a incidentes de seguridad informática (CSIRT), así como de los directorios regionales existentes.
mandate-contents-heading = Contenido del directorio
mandate-contents-nomination = Cada Estado participante puede designar puntos de contacto diplomáticos y técnicos. Un punto de contacto es una entidad o institución nacional autorizada, o bien un representante designado de dicha entidad o institución.
mandate-contents-details = Cada entrada indica el nombre de la entidad, sus números de teléfono y direcciones de correo electrónico, el nombre y el cargo de la persona correspondiente, cuando proceda, y los idiomas de trabajo del punto de contacto.
mandate-contents-languages = Las entradas pueden presentarse en cualquiera de los seis idiomas oficiales de las Naciones Unidas; se alienta a los Estados a que adjunten una traducción no oficial al inglés.
mandate-contents-roles = Los puntos de contacto diplomáticos se comunican con los puntos de contacto diplomáticos, y los puntos de contacto técnicos con los puntos de contacto técnicos.
mandate-protection-heading = Protección de la información
mandate-protection = El directorio se aloja en un sitio web protegido y solo contiene datos de contacto. No aloja información confidencial enviada o intercambiada por los puntos de contacto: esas comunicaciones se realizan por canales acordados mutuamente, incluidos canales seguros cuando proceda.
mandate-joining-heading = Cómo participa un Estado
mandate-joining-request = El Estado que desee participar solicita el acceso al gestor del directorio, la Oficina de Asuntos de Desarme de las Naciones Unidas, por conducto de su Misión Permanente ante las Naciones Unidas en Nueva York.
mandate-joining-admission = El gestor del directorio admite al Estado como participante en el directorio.
mandate-joining-enrolment = El gestor del directorio envía al administrador designado por el Estado un enlace de inscripción de un solo uso y validez limitada; este designa a continuación los puntos de contacto del Estado y da acceso a las personas que actúan en su nombre.
mandate-joining-updates = El Estado mantiene actualizada su información de manera continua, cada vez que esta cambia.
mandate-access-note = Esta página describe el directorio. Las entradas solo están disponibles para los usuarios de los Estados participantes que hayan iniciado sesión.

## Error pages.

error-back-home = Ir a la página de inicio
error-sign-in-title = Inicie sesión
error-sign-in-body = Esta página solo está disponible para usuarios de los Estados participantes que hayan iniciado sesión.
error-forbidden-title = Acción no permitida
error-forbidden-body = Su cuenta no permite esta acción. Si considera que debería permitirla, diríjase al administrador de su Estado.
error-not-found-title = Página no encontrada
error-not-found-body = No hay nada en esta dirección. Compruebe el enlace o utilice la navegación de arriba.
error-csrf-title = El formulario ha caducado
error-csrf-body = Por su seguridad, no se pudo aceptar el formulario. Vuelva atrás, recargue la página y envíelo de nuevo.
error-conflict-title = No se pudo realizar la acción
error-conflict-body = La información cambió entretanto o la acción ya no procede. Recargue la página para ver la situación actual.
error-bad-request-title = No se pudo entender la solicitud
error-bad-request-body = Parte de la información enviada no es válida. Vuelva atrás y revise el formulario.
error-too-many-title = Demasiados intentos
error-too-many-body = Espere un momento antes de volver a intentarlo.
error-internal-title = Se produjo un error
error-internal-body = El servidor no pudo completar la solicitud. No se modificó nada. Vuelva a intentarlo más tarde.
