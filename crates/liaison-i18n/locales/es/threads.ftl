# Liaison — intercambios entre puntos de contacto (issue 5): la declaración del anexo A,
# párr. 10, las etiquetas y listas de opciones de las plantillas y las notificaciones (español).

## Anexo A, párr. 10 (COM-07, IR-13): se muestra con cada consulta, respuesta y acuse de recibo.

thread-notice-acknowledgement = El acuse de recibo inicial de una comunicación no implica conformidad con la información que contiene, no prejuzga la posición del Estado que responde ni ninguna comunicación posterior.
thread-notice-territory = Notificar a un Estado que su territorio se está utilizando para cometer un hecho ilícito no implica, por sí mismo, que ese Estado sea responsable de dicho hecho.
thread-exercise-label = EJERCICIO

## Las plantillas (apéndice del anexo A).

template-inquiry-title = Consulta sobre un incidente de seguridad de las TIC
template-response-title = Respuesta a una consulta
template-field-language = Idioma del texto
template-field-sender = Remitente
template-field-sender-name = Nombre
template-field-sender-affiliation = Entidad
template-field-incident = Naturaleza del incidente
template-field-incident-category = Categoría
template-field-incident-sector = Sector afectado
template-field-incident-observed-at = Observado el
template-field-incident-description = Descripción
template-field-request = Solicitud
template-field-request-type = Tipo de solicitud
template-field-request-details = Información o asistencia solicitada
template-field-contact = Datos de contacto
template-field-contact-email = Correo electrónico
template-field-contact-phone = Teléfono
template-field-contact-other = Otros medios de contacto
template-field-time-sensitivity = Grado de urgencia
template-field-urgency = Urgencia
template-field-respond-by = Responder antes del
template-field-follow-up = Seguimiento
template-field-proposed-channel = Canal propuesto para el seguimiento
template-field-primary-agency = Organismo principal para este incidente
template-field-tlp = Marca TLP
template-field-stix = Datos técnicos (STIX 2.1)
template-field-translation = Traducción del autor
template-field-in-reply-to = En respuesta a
template-field-response = Respuesta
template-field-response-type = Tipo de respuesta
template-field-response-text = Texto
template-field-estimated-time-frame = Plazo estimado
template-field-expected-by = Prevista antes del
template-field-channel-agreed = Canal acordado
template-field-channel = Canal

inquiry-category-critical-infrastructure = Afectación de infraestructuras críticas
inquiry-category-malware = Programa malicioso
inquiry-category-intrusion = Intrusión
inquiry-category-denial-of-service = Denegación de servicio
inquiry-category-information-operations = Operaciones de información
inquiry-category-vulnerability = Vulnerabilidad
inquiry-category-spam-abuse = Correo no deseado o abuso
inquiry-category-other = Otra

inquiry-sector-energy = Energía
inquiry-sector-transport = Transporte
inquiry-sector-banking-finance = Banca y finanzas
inquiry-sector-health = Salud
inquiry-sector-water = Agua
inquiry-sector-digital-infrastructure = Infraestructura digital
inquiry-sector-telecommunications = Telecomunicaciones
inquiry-sector-government = Administración pública
inquiry-sector-defence = Defensa
inquiry-sector-emergency-services = Servicios de emergencia
inquiry-sector-food-agriculture = Alimentación y agricultura
inquiry-sector-manufacturing = Industria manufacturera
inquiry-sector-chemicals = Industria química
inquiry-sector-space = Espacio
inquiry-sector-education-research = Educación e investigación
inquiry-sector-media = Medios de comunicación
inquiry-sector-other = Otro sector

inquiry-request-information = Solicitud de información
inquiry-request-action = Solicitud de intervención
inquiry-request-specific-assistance = Solicitud de asistencia específica

response-type-substantive = Respuesta inmediata
response-type-will-consider = La consulta se examinará y se dará seguimiento

urgency-low = Baja
urgency-normal = Normal
urgency-high = Alta
urgency-critical = Crítica

tlp-clear = TLP:CLEAR — difusión sin restricciones
tlp-green = TLP:GREEN — difusión limitada a la comunidad
tlp-amber = TLP:AMBER — difusión limitada a las organizaciones de los destinatarios, según la necesidad de conocer
tlp-amber-strict = TLP:AMBER+STRICT — difusión limitada a la organización de los destinatarios
tlp-red = TLP:RED — solo para los destinatarios nombrados

## Notificaciones en la aplicación.

notification-new-inquiry = Ha llegado una nueva consulta.
notification-new-response = Ha llegado una nueva respuesta en un intercambio.
notification-new-acknowledgement = Se ha acusado recibo de una consulta.
notification-new-note = Se ha dejado una nota de coordinación para los puntos de contacto de su Estado.
notification-consent-requested = Un participante le pide su consentimiento para compartir un intercambio con un tercero.
notification-consent-decided = Un participante ha respondido a su solicitud de consentimiento.
notification-thread-closed = Se ha cerrado un intercambio.
notification-key-needed = Le espera una consulta. Inicie sesión y publique una clave OpenPGP para recibirla.
notification-recipient-key-available = Un destinatario que no tenía clave ha publicado una: vuelva a cifrar su mensaje para él.
notification-content-reencrypted = Ya puede leerse un mensaje que esperaba su clave.
notification-state-thread-opened = Su Estado participa en un nuevo intercambio.
