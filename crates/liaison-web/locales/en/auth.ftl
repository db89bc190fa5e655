## auth.ftl — see i18n.rs for what belongs here.
