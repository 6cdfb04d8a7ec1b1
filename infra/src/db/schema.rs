//! The diesel schema, written by hand: one schema for both backends, in the portable column
//! types (ids and JSON as Text, naive UTC Timestamp). Keep in step with migrations/.

diesel::table! {
    unit_types (code) {
        code -> Text,
        name -> Text,
        name_en -> Text,
        position -> Integer,
    }
}

diesel::table! {
    units (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        type_code -> Text,
        district -> Text,
        address -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        geofence_m -> Integer,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        password_hash -> Text,
        display_name -> Text,
        role -> Text,
        unit_id -> Nullable<Text>,
        district -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        client_ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        session_id -> Text,
        issued_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        window_started_at -> Timestamp,
        failures -> Integer,
    }
}

diesel::table! {
    checklists (id) {
        id -> Text,
        version -> Integer,
        status -> Text,
        created_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    checklist_items (checklist_id, code) {
        checklist_id -> Text,
        position -> Integer,
        code -> Text,
        title -> Text,
        title_en -> Text,
        guidance -> Nullable<Text>,
        kind -> Text,
        measure_unit -> Nullable<Text>,
        minor_above -> Nullable<Double>,
        major_above -> Nullable<Double>,
        unanswered_is_major -> Bool,
        weight -> Integer,
        critical -> Bool,
        applies_to -> Text,
        optional_for -> Text,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        client_ip -> Nullable<Text>,
        request_id -> Nullable<Text>,
        details -> Nullable<Text>,
    }
}

diesel::joinable!(units -> unit_types (type_code));
diesel::joinable!(users -> units (unit_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(checklist_items -> checklists (checklist_id));

diesel::allow_tables_to_appear_in_same_query!(
    unit_types,
    units,
    users,
    sessions,
    refresh_tokens,
    login_throttle,
    checklists,
    checklist_items,
    audit_log,
);
