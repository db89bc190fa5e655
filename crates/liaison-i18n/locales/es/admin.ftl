## admin.ftl — páginas de administración: participación de los Estados, personas y enlaces
## de inscripción, indicadores en las entradas, registro de auditoría (español).

admin-title = Administración del directorio
admin-audit-link = Consultar el registro de auditoría
admin-filter-status = Participación
admin-filter-any-status = Cualquier situación de participación
admin-filter-group = Grupo regional
admin-filter-any-group = Cualquier grupo regional
admin-filter-apply = Mostrar
admin-states-shown = Se muestran { $shown } de { $total } Estados.
admin-states-caption = Los Estados y su participación en el directorio
admin-col-state = Estado
admin-col-group = Grupo regional
admin-col-status = Situación
admin-col-since = Desde
admin-col-pocs = Puntos de contacto activos
admin-col-users = Usuarios
admin-col-actions = Acciones
admin-col-name = Nombre
admin-col-login = Identificador
admin-col-role = Función
admin-col-entry = Punto de contacto
admin-col-enrolled = Inscrito el
admin-col-issued = Emitido el
admin-col-expires = Caduca
admin-action-admit = Admitir
admin-action-resume = Reanudar
admin-action-suspend = Suspender
admin-action-people = Personas
admin-action-revoke = Revocar el enlace
admin-cancel = Cancelar

admin-status-not-participating = No participa
admin-status-participating = Participa
admin-status-suspended = Suspendido
admin-group-african = Grupo de los Estados de África
admin-group-asia-pacific = Grupo de los Estados de Asia y el Pacífico
admin-group-eastern-european = Grupo de los Estados de Europa Oriental
admin-group-latin-american-caribbean = Grupo de los Estados de América Latina y el Caribe
admin-group-western-european-others = Grupo de los Estados de Europa Occidental y otros Estados
admin-group-none = Sin grupo regional
admin-role-state-admin = Administrador del Estado
admin-role-poc = Usuario de un punto de contacto
admin-role-admin = Administrador del directorio
admin-role-operator = Operador del servidor
admin-flag-unreachable = Inaccesible
admin-flag-unverified = Sin verificar

## Admisión, suspensión y reanudación de un Estado.

admin-admit-heading = Admitir a { $state } en el directorio
admin-admit-explanation = { $state } participará en el directorio: se podrá inscribir a sus administradores y designar y consultar sus puntos de contacto.
admin-resume-heading = Reanudar la participación de { $state }
admin-resume-explanation = { $state } volverá a participar: sus usuarios recuperan el acceso y sus entradas, conservadas durante la suspensión, vuelven a ser visibles.
admin-suspend-heading = Suspender la participación de { $state }
admin-suspend-explanation = Los usuarios de { $state } perderán el acceso al directorio hasta que se reanude su participación. Sus entradas se conservan, pero dejan de mostrarse.
admin-reason-label = Motivo
admin-reason-hint = Opcional. Se conserva en el registro de auditoría; por ejemplo, la nota verbal recibida de la Misión Permanente.
admin-notice-admitted = { $state } ha sido admitido en el directorio.
admin-notice-suspended = Se ha suspendido la participación de { $state }.
admin-notice-resumed = Se ha reanudado la participación de { $state }.

## Personas de un Estado y enlaces de inscripción.

admin-people-heading = Personas de { $state }
admin-people-state-page = Página del Estado
admin-people-audit = Registro de auditoría del Estado
admin-users-heading = Usuarios
admin-users-none = Todavía no se ha inscrito ningún usuario.
admin-user-active = Activo
admin-user-disabled = Desactivado
admin-links-heading = Enlaces de inscripción
admin-links-none = No se ha emitido ningún enlace de inscripción.
admin-link-pending = Pendiente
admin-link-used = Utilizado
admin-link-expired = Caducado
admin-link-revoked = Revocado
admin-issue-heading = Emitir un enlace de inscripción
admin-issue-intro = El enlace permite a una persona concreta crear una cuenta con la función elegida aquí. Solo puede usarse una vez y caduca al cabo del plazo indicado.
admin-issue-not-participating = Este Estado no participa actualmente en el directorio: no se puede emitir ningún enlace para él.
admin-field-role = Función
admin-field-display-name = Nombre de la persona
admin-field-display-name-hint = Tal como deben verlo los demás usuarios, por ejemplo con su cargo.
admin-field-poc = Punto de contacto en nombre del cual actúa el usuario
admin-field-poc-hint = Solo para un usuario de punto de contacto: una de las entradas vigentes del Estado.
admin-field-poc-none = Ninguno (administrador del Estado)
admin-field-valid-days = Validez (en días)
admin-days-hint = De 1 a { $max } días; { $default } si se deja vacío.
admin-issue-button = Emitir el enlace
admin-issued-title = Enlace de inscripción emitido
admin-issued-for = Para { $name }, { $role } de { $state }.
admin-issued-once = Este enlace se muestra una sola vez: cópielo ahora. Caduca el { $expires }.
admin-issued-deliver = Envíelo a la persona por un canal de confianza, como la Misión Permanente. Cualquiera que tenga el enlace puede usarlo para inscribirse.
admin-issued-back = Volver a las personas del Estado
admin-revoke-heading = ¿Revocar el enlace de inscripción de { $name } ({ $role })?
admin-revoke-explanation = El enlace dejará de funcionar de inmediato. Puede emitir uno nuevo en cualquier momento.
admin-notice-revoked = Se ha revocado el enlace de inscripción.

## Indicadores en una entrada.

admin-flags-heading = Indicadores de «{ $entry }» ({ $state })
admin-flags-entry-link = Ir a la entrada
admin-flags-retired = Esta entrada ha sido retirada: no se puede añadir ningún indicador.
admin-flags-current = Indicadores activos
admin-flags-none = Esta entrada no tiene ningún indicador.
admin-flag-set-by = añadido el { $when } por { $actor }
admin-flags-reason = Motivo:
admin-flags-remove = Quitar el indicador
admin-flags-set-heading = Añadir un indicador
admin-field-flag = Indicador
admin-flags-reason-hint = Opcional. Visible en el historial de la entrada y en el registro de auditoría.
admin-flags-set-button = Añadir el indicador
admin-notice-flag-set = Se ha añadido el indicador.
admin-notice-flag-removed = Se ha quitado el indicador.

## Registro de auditoría.

admin-audit-title = Registro de auditoría
admin-audit-own-state = Registros relativos a su Estado:
admin-audit-filter-state = Estado
admin-audit-any-state = Todos los Estados
admin-audit-filter-action = Operación (código, por ejemplo state.admitted)
admin-audit-filter-subject = Objeto (identificador de entrada, enlace o token)
admin-audit-filter-actor = Autor (por ejemplo user:identificador)
admin-audit-none = Ningún registro coincide con estos filtros.
admin-audit-caption = Registros de auditoría, del más reciente al más antiguo
admin-audit-col-seq = N.º
admin-audit-col-time = Fecha y hora
admin-audit-col-actor = Autor
admin-audit-col-action = Operación
admin-audit-col-subject = Objeto
admin-audit-col-detail = Detalles
admin-audit-paging = Páginas del registro de auditoría
admin-audit-newest = Registros más recientes
admin-audit-older = Registros anteriores
admin-audit-action-state-admitted = Estado admitido
admin-audit-action-state-suspended = Estado suspendido
admin-audit-action-state-resumed = Participación reanudada
admin-audit-action-poc-create = Punto de contacto designado
admin-audit-action-poc-update = Punto de contacto actualizado
admin-audit-action-poc-retire = Punto de contacto retirado
admin-audit-action-poc-flag = Indicador añadido
admin-audit-action-poc-unflag = Indicador quitado
admin-audit-action-token-issue = Token de API emitido
admin-audit-action-token-revoke = Token de API revocado
admin-audit-action-enrolment-issue = Enlace de inscripción emitido
admin-audit-action-enrolment-revoke = Enlace de inscripción revocado
admin-audit-key-reason = Motivo
admin-audit-key-role = Función
admin-audit-key-revision = Versión
admin-audit-key-flags = Indicadores
admin-audit-key-display-name = Nombre
admin-audit-key-expires = Caducidad
admin-audit-key-entry = Punto de contacto

## Errores en los formularios.

admin-error-required = Rellene este campo.
admin-error-too-long = El texto es demasiado largo: { $max } caracteres como máximo.
admin-error-forbidden-character = El texto contiene un carácter no permitido (de control o de dirección del texto).
admin-error-invalid = Este valor no es válido.
admin-error-role = Elija una de las funciones propuestas.
admin-error-days = Indique un número entero de días, de 1 a { $max }.
admin-error-poc-required = Un usuario de punto de contacto debe estar vinculado a una de las entradas del Estado: elija una.
admin-error-poc-other-state = Esta entrada pertenece a otro Estado.
admin-error-poc-unknown = Esta entrada no existe.
admin-error-poc-retired = Esta entrada ha sido retirada: elija una vigente.
admin-error-not-participating = Este Estado no participa actualmente en el directorio: no se puede emitir ningún enlace para él.
admin-error-flag = Elija uno de los indicadores propuestos.
admin-error-flag-already-set = Este indicador ya figura en la entrada.
admin-error-flag-not-set = Este indicador no figura (ya) en la entrada.
admin-error-state = Elija uno de los Estados propuestos.
admin-field-email = Dirección de correo electrónico (opcional)
admin-field-email-hint = Si la conoce: aparecerá ya rellenada en su formulario de inscripción, donde la persona la confirma o la corrige.
