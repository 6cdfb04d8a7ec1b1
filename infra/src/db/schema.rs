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
    districts (code) {
        code -> Text,
        name -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
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
        device_name -> Nullable<Text>,
        last_used_at -> Nullable<Timestamp>,
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

diesel::table! {
    audit_prune_permits (before) {
        before -> Timestamp,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        inspector_id -> Text,
        unit_id -> Text,
        unit_type -> Text,
        district -> Text,
        checklist_id -> Text,
        assignment_id -> Nullable<Text>,
        channel -> Text,
        scenario -> Text,
        visit_started_at -> Timestamp,
        visit_ended_at -> Timestamp,
        narrative -> Nullable<Text>,
        location -> Nullable<Text>,
        device_info -> Nullable<Text>,
        status -> Text,
        version -> Integer,
        content_hash -> Text,
        score_half -> Integer,
        grade -> Text,
        critical_failure -> Bool,
        flags -> Text,
        lease_holder -> Nullable<Text>,
        lease_expires_at -> Nullable<Timestamp>,
        reviewer_id -> Nullable<Text>,
        review_comment -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
        queued_at -> Timestamp,
        standing_score_half -> Nullable<Integer>,
        standing_grade -> Nullable<Text>,
    }
}

diesel::table! {
    report_ratings (report_id, item_code) {
        report_id -> Text,
        position -> Integer,
        item_code -> Text,
        outcome -> Text,
        value -> Nullable<Double>,
        unanswered -> Bool,
        note -> Nullable<Text>,
        citation_recording_id -> Nullable<Text>,
        citation_start_s -> Nullable<Integer>,
        citation_end_s -> Nullable<Integer>,
    }
}

diesel::table! {
    report_events (id) {
        id -> BigInt,
        report_id -> Text,
        at -> Timestamp,
        actor_id -> Text,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        comment -> Nullable<Text>,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> Text,
        key -> Text,
        route -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        response -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Text,
        name -> Text,
        starts_on -> Date,
        ends_on -> Date,
        unit_types -> Text,
        districts -> Text,
        checklist_id -> Text,
        scenarios -> Text,
        exclude_previously_drawn -> Bool,
        status -> Text,
        draw_seed -> Nullable<BigInt>,
        draw_units_per_type -> Nullable<Integer>,
        draw_team_size -> Nullable<Integer>,
        drawn_at -> Nullable<Timestamp>,
        drawn_by -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    assignments (id) {
        id -> Text,
        campaign_id -> Text,
        unit_id -> Text,
        scenario -> Integer,
        status -> Text,
        created_at -> Timestamp,
        follow_up_of -> Nullable<Text>,
    }
}

diesel::table! {
    assignment_members (assignment_id, inspector_id) {
        assignment_id -> Text,
        inspector_id -> Text,
    }
}

diesel::table! {
    photos (id) {
        id -> Text,
        report_id -> Text,
        item_code -> Nullable<Text>,
        caption -> Nullable<Text>,
        format -> Text,
        byte_size -> BigInt,
        sha256 -> Text,
        phash -> BigInt,
        width -> Integer,
        height -> Integer,
        captured_at -> Nullable<Timestamp>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        duplicate_of -> Nullable<Text>,
        near_duplicate_of -> Nullable<Text>,
        uploaded_by -> Text,
        created_at -> Timestamp,
        blob -> Text,
        device_clock_offset_s -> Nullable<BigInt>,
    }
}

diesel::table! {
    findings (id) {
        id -> Text,
        report_id -> Text,
        unit_id -> Text,
        item_code -> Text,
        severity -> Text,
        critical -> Bool,
        status -> Text,
        deadline -> Timestamp,
        is_repeat -> Bool,
        visit_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        rectification -> Nullable<Text>,
        rectified_at -> Nullable<Timestamp>,
        verdict_comment -> Nullable<Text>,
        verified_by -> Nullable<Text>,
        appeal_reason -> Nullable<Text>,
        appealed_at -> Nullable<Timestamp>,
        appeal_decision -> Nullable<Text>,
        appeal_decided_by -> Nullable<Text>,
        appeal_decided_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        verified_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notices (id) {
        id -> Text,
        period -> Text,
        status -> Text,
        content -> Text,
        generated_at -> Timestamp,
        generated_by -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        published_by -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        submitted_by -> Nullable<Text>,
        signed_at -> Nullable<Timestamp>,
        signed_by -> Nullable<Text>,
        document_year -> Nullable<Integer>,
        document_seq -> Nullable<Integer>,
        issue -> Nullable<Text>,
    }
}

diesel::table! {
    notice_findings (notice_id, finding_id) {
        notice_id -> Text,
        finding_id -> Text,
        report_id -> Text,
        unit_id -> Text,
        unit_code -> Text,
        unit_name -> Text,
        unit_type -> Text,
        district -> Text,
        item_code -> Text,
        severity -> Text,
        critical -> Bool,
        is_repeat -> Bool,
        status -> Text,
        deadline -> Timestamp,
        visit_at -> Timestamp,
        unit_type_name -> Text,
        district_name -> Text,
    }
}

diesel::table! {
    job_runs (job, period) {
        job -> Text,
        period -> Text,
        started_at -> Timestamp,
    }
}

diesel::table! {
    rectification_photos (id) {
        id -> Text,
        finding_id -> Text,
        caption -> Nullable<Text>,
        format -> Text,
        byte_size -> BigInt,
        sha256 -> Text,
        width -> Integer,
        height -> Integer,
        uploaded_by -> Text,
        created_at -> Timestamp,
        blob -> Text,
    }
}

diesel::joinable!(photos -> reports (report_id));
diesel::joinable!(rectification_photos -> findings (finding_id));
diesel::joinable!(notice_findings -> notices (notice_id));
diesel::joinable!(notice_findings -> findings (finding_id));
diesel::joinable!(assignments -> campaigns (campaign_id));
diesel::joinable!(assignment_members -> assignments (assignment_id));
diesel::joinable!(units -> unit_types (type_code));
diesel::joinable!(report_ratings -> reports (report_id));
diesel::joinable!(report_events -> reports (report_id));
diesel::joinable!(users -> units (unit_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(checklist_items -> checklists (checklist_id));

diesel::table! {
    evidence_declarations (report_id, item_id) {
        report_id -> Text,
        item_id -> Text,
        kind -> Text,
        byte_size -> BigInt,
        sha256 -> Text,
        declared_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(evidence_declarations -> reports (report_id));

diesel::table! {
    recordings (id) {
        id -> Text,
        report_id -> Text,
        blob -> Text,
        media -> Text,
        format -> Text,
        byte_size -> BigInt,
        sha256 -> Text,
        duration_ms -> Nullable<BigInt>,
        recorded_at -> Nullable<Timestamp>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        uploaded_by -> Text,
        created_at -> Timestamp,
        finding_id -> Nullable<Text>,
    }
}

diesel::joinable!(recordings -> reports (report_id));

diesel::table! {
    uploads (id) {
        id -> Text,
        report_id -> Text,
        uploader_id -> Text,
        kind -> Text,
        evidence_id -> Text,
        item_code -> Nullable<Text>,
        caption -> Nullable<Text>,
        length -> BigInt,
        received -> BigInt,
        tail_bytes -> BigInt,
        object_key -> Text,
        multipart_id -> Text,
        assembled -> Bool,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        finding_id -> Nullable<Text>,
    }
}

diesel::table! {
    upload_parts (upload_id, number) {
        upload_id -> Text,
        number -> Integer,
        tag -> Text,
        byte_size -> BigInt,
    }
}

diesel::joinable!(upload_parts -> uploads (upload_id));

diesel::allow_tables_to_appear_in_same_query!(
    recordings,
    uploads,
    upload_parts,
    unit_types,
    districts,
    units,
    users,
    sessions,
    refresh_tokens,
    login_throttle,
    checklists,
    checklist_items,
    audit_log,
    audit_prune_permits,
    settings,
    reports,
    report_ratings,
    report_events,
    idempotency_keys,
    campaigns,
    assignments,
    assignment_members,
    photos,
    findings,
    notices,
    notice_findings,
    job_runs,
    rectification_photos,
    evidence_declarations,
);
