# La página que abre el enlace de una prueba de comunicación (incidencia 4): muestra la ficha y
# el plazo, y solo su botón confirma la recepción.

ping-title = Prueba de comunicación
ping-confirm-heading = Confirmar la recepción de la prueba de comunicación
ping-confirm-intro = Cada seis meses, el directorio pide a cada punto de contacto que confirme que recibe sus mensajes. Pulse el botón para confirmar la recepción.
ping-entry = Ficha
ping-state = Estado
ping-role = Función
ping-campaign = Prueba iniciada el
ping-due = Confirmar antes del
ping-button = Confirmo la recepción
ping-late-note = El plazo ha vencido. Su confirmación se registrará igualmente, como tardía.
ping-update-hint = Si esta ficha ya no es correcta, pida al administrador del directorio de su Estado que la actualice.
ping-done-heading = Gracias
ping-done-on-time = Su confirmación quedó registrada el { $at }.
ping-done-late = Su confirmación quedó registrada el { $at }, fuera de plazo: se conserva y se marca como tardía.
ping-used-heading = Recepción ya confirmada
ping-used-body = La recepción de esta prueba se confirmó el { $at }. No hace falta nada más.
ping-invalid-heading = Este enlace no es válido
ping-invalid-body = Puede que el enlace esté incompleto o alterado. Copie el enlace completo del mensaje, o inicie sesión en el directorio para confirmar allí la recepción.
