-- Kehu reference server, schema 2: the indexes the product's screens rely on (collections.ts
-- declares them; see README.md, "Storage"). Each is partial on its collection, starts with
-- tenant_id, keys fields by kehu_key() under COLLATE "C" (the same expressions the store's SQL
-- uses, so one index serves eq, in, ranges and ordered keyset pages) and ends with the id
-- tie-break, so `ORDER BY field, id` pages walk the index without sorting.

-- accounts
CREATE INDEX IF NOT EXISTS accounts_by_owner_id
  ON records (tenant_id, (kehu_key(data -> 'ownerId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'accounts';
CREATE INDEX IF NOT EXISTS accounts_by_lifecycle
  ON records (tenant_id, (kehu_key(data -> 'lifecycle')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'accounts';
CREATE INDEX IF NOT EXISTS accounts_by_grade
  ON records (tenant_id, (kehu_key(data -> 'grade')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'accounts';
CREATE INDEX IF NOT EXISTS accounts_by_region
  ON records (tenant_id, (kehu_key(data -> 'region')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'accounts';
CREATE INDEX IF NOT EXISTS accounts_by_kind
  ON records (tenant_id, (kehu_key(data -> 'kind')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'accounts';
CREATE INDEX IF NOT EXISTS accounts_by_updated_at
  ON records (tenant_id, (kehu_key(data -> 'updatedAt')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'accounts';
CREATE INDEX IF NOT EXISTS accounts_by_name
  ON records (tenant_id, (kehu_key(data -> 'name')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'accounts';
CREATE INDEX IF NOT EXISTS accounts_by_phone
  ON records (tenant_id, (kehu_key(data -> 'phone')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'accounts';
CREATE INDEX IF NOT EXISTS accounts_by_email
  ON records (tenant_id, (kehu_key(data -> 'email')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'accounts';
CREATE INDEX IF NOT EXISTS accounts_by_website
  ON records (tenant_id, (kehu_key(data -> 'website')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'accounts';
CREATE INDEX IF NOT EXISTS accounts_by_tags
  ON records USING gin (kehu_elem_keys(tenant_id, data -> 'tags'))
  WHERE collection = 'accounts';

-- contacts
CREATE INDEX IF NOT EXISTS contacts_by_account_id
  ON records (tenant_id, (kehu_key(data -> 'accountId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'contacts';
CREATE INDEX IF NOT EXISTS contacts_by_owner_id
  ON records (tenant_id, (kehu_key(data -> 'ownerId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'contacts';
CREATE INDEX IF NOT EXISTS contacts_by_name
  ON records (tenant_id, (kehu_key(data -> 'name')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'contacts';
CREATE INDEX IF NOT EXISTS contacts_by_emails
  ON records USING gin (kehu_elem_keys(tenant_id, data -> 'emails'))
  WHERE collection = 'contacts';
CREATE INDEX IF NOT EXISTS contacts_by_phones
  ON records USING gin (kehu_elem_keys(tenant_id, data -> 'phones'))
  WHERE collection = 'contacts';

-- leads
CREATE INDEX IF NOT EXISTS leads_by_owner_id_status
  ON records (tenant_id, (kehu_key(data -> 'ownerId')) COLLATE "C", (kehu_key(data -> 'status')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'leads';
CREATE INDEX IF NOT EXISTS leads_by_status_created_at
  ON records (tenant_id, (kehu_key(data -> 'status')) COLLATE "C", (kehu_key(data -> 'createdAt')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'leads';
CREATE INDEX IF NOT EXISTS leads_by_created_at
  ON records (tenant_id, (kehu_key(data -> 'createdAt')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'leads';
CREATE INDEX IF NOT EXISTS leads_by_source
  ON records (tenant_id, (kehu_key(data -> 'source')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'leads';
CREATE INDEX IF NOT EXISTS leads_by_campaign_id
  ON records (tenant_id, (kehu_key(data -> 'campaignId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'leads';
CREATE INDEX IF NOT EXISTS leads_by_email
  ON records (tenant_id, (kehu_key(data -> 'email')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'leads';
CREATE INDEX IF NOT EXISTS leads_by_phone
  ON records (tenant_id, (kehu_key(data -> 'phone')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'leads';
CREATE INDEX IF NOT EXISTS leads_by_account_id
  ON records (tenant_id, (kehu_key(data -> 'accountId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'leads';

-- deals
CREATE INDEX IF NOT EXISTS deals_by_pipeline_id_stage_id_position
  ON records (tenant_id, (kehu_key(data -> 'pipelineId')) COLLATE "C", (kehu_key(data -> 'stageId')) COLLATE "C", (kehu_key(data -> 'position')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'deals';
CREATE INDEX IF NOT EXISTS deals_by_owner_id_status
  ON records (tenant_id, (kehu_key(data -> 'ownerId')) COLLATE "C", (kehu_key(data -> 'status')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'deals';
CREATE INDEX IF NOT EXISTS deals_by_stage_id
  ON records (tenant_id, (kehu_key(data -> 'stageId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'deals';
CREATE INDEX IF NOT EXISTS deals_by_status
  ON records (tenant_id, (kehu_key(data -> 'status')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'deals';
CREATE INDEX IF NOT EXISTS deals_by_account_id
  ON records (tenant_id, (kehu_key(data -> 'accountId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'deals';
CREATE INDEX IF NOT EXISTS deals_by_expected_close_date
  ON records (tenant_id, (kehu_key(data -> 'expectedCloseDate')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'deals';
CREATE INDEX IF NOT EXISTS deals_by_updated_at
  ON records (tenant_id, (kehu_key(data -> 'updatedAt')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'deals';

-- activities
CREATE INDEX IF NOT EXISTS activities_by_account_id_due_at
  ON records (tenant_id, (kehu_key(data -> 'accountId')) COLLATE "C", (kehu_key(data -> 'dueAt')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'activities';
CREATE INDEX IF NOT EXISTS activities_by_account_id_done_at
  ON records (tenant_id, (kehu_key(data -> 'accountId')) COLLATE "C", (kehu_key(data -> 'doneAt')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'activities';
CREATE INDEX IF NOT EXISTS activities_by_deal_id
  ON records (tenant_id, (kehu_key(data -> 'dealId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'activities';
CREATE INDEX IF NOT EXISTS activities_by_contact_id
  ON records (tenant_id, (kehu_key(data -> 'contactId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'activities';
CREATE INDEX IF NOT EXISTS activities_by_lead_id
  ON records (tenant_id, (kehu_key(data -> 'leadId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'activities';
CREATE INDEX IF NOT EXISTS activities_by_owner_id
  ON records (tenant_id, (kehu_key(data -> 'ownerId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'activities';
CREATE INDEX IF NOT EXISTS activities_by_due_at
  ON records (tenant_id, (kehu_key(data -> 'dueAt')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'activities';
CREATE INDEX IF NOT EXISTS activities_by_type
  ON records (tenant_id, (kehu_key(data -> 'type')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'activities';

-- orders
CREATE INDEX IF NOT EXISTS orders_by_account_id_ordered_at
  ON records (tenant_id, (kehu_key(data -> 'accountId')) COLLATE "C", (kehu_key(data -> 'orderedAt')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'orders';
CREATE INDEX IF NOT EXISTS orders_by_member_id_ordered_at
  ON records (tenant_id, (kehu_key(data -> 'memberId')) COLLATE "C", (kehu_key(data -> 'orderedAt')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'orders';
CREATE INDEX IF NOT EXISTS orders_by_ordered_at
  ON records (tenant_id, (kehu_key(data -> 'orderedAt')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'orders';
CREATE INDEX IF NOT EXISTS orders_by_contact_id
  ON records (tenant_id, (kehu_key(data -> 'contactId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'orders';

-- members
CREATE INDEX IF NOT EXISTS members_by_account_id
  ON records (tenant_id, (kehu_key(data -> 'accountId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'members';
CREATE INDEX IF NOT EXISTS members_by_contact_id
  ON records (tenant_id, (kehu_key(data -> 'contactId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'members';
CREATE INDEX IF NOT EXISTS members_by_card_no
  ON records (tenant_id, (kehu_key(data -> 'cardNo')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'members';
CREATE INDEX IF NOT EXISTS members_by_tier_id
  ON records (tenant_id, (kehu_key(data -> 'tierId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'members';

-- loyaltyEntries
CREATE INDEX IF NOT EXISTS loyalty_entries_by_member_id_at
  ON records (tenant_id, (kehu_key(data -> 'memberId')) COLLATE "C", (kehu_key(data -> 'at')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'loyaltyEntries';
CREATE INDEX IF NOT EXISTS loyalty_entries_by_at
  ON records (tenant_id, (kehu_key(data -> 'at')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'loyaltyEntries';
CREATE INDEX IF NOT EXISTS loyalty_entries_by_source_id
  ON records (tenant_id, (kehu_key(data -> 'sourceId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'loyaltyEntries';
CREATE INDEX IF NOT EXISTS loyalty_entries_by_kind
  ON records (tenant_id, (kehu_key(data -> 'kind')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'loyaltyEntries';

-- users
CREATE INDEX IF NOT EXISTS users_by_team_id
  ON records (tenant_id, (kehu_key(data -> 'teamId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'users';
CREATE INDEX IF NOT EXISTS users_by_status
  ON records (tenant_id, (kehu_key(data -> 'status')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'users';
CREATE INDEX IF NOT EXISTS users_by_role
  ON records (tenant_id, (kehu_key(data -> 'role')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'users';

-- teams
CREATE INDEX IF NOT EXISTS teams_by_parent_id
  ON records (tenant_id, (kehu_key(data -> 'parentId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'teams';

-- territories
CREATE INDEX IF NOT EXISTS territories_by_parent_id
  ON records (tenant_id, (kehu_key(data -> 'parentId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'territories';

-- campaigns
CREATE INDEX IF NOT EXISTS campaigns_by_status
  ON records (tenant_id, (kehu_key(data -> 'status')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'campaigns';
CREATE INDEX IF NOT EXISTS campaigns_by_channel
  ON records (tenant_id, (kehu_key(data -> 'channel')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'campaigns';

-- assignmentStates
CREATE INDEX IF NOT EXISTS assignment_states_by_kind
  ON records (tenant_id, (kehu_key(data -> 'kind')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'assignmentStates';
CREATE INDEX IF NOT EXISTS assignment_states_by_subject_id
  ON records (tenant_id, (kehu_key(data -> 'subjectId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'assignmentStates';

-- auditEntries
CREATE INDEX IF NOT EXISTS audit_entries_by_record_id
  ON records (tenant_id, (kehu_key(data -> 'recordId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'auditEntries';
CREATE INDEX IF NOT EXISTS audit_entries_by_at
  ON records (tenant_id, (kehu_key(data -> 'at')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'auditEntries';
CREATE INDEX IF NOT EXISTS audit_entries_by_action
  ON records (tenant_id, (kehu_key(data -> 'action')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'auditEntries';

-- merges
CREATE INDEX IF NOT EXISTS merges_by_collection
  ON records (tenant_id, (kehu_key(data -> 'collection')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'merges';
CREATE INDEX IF NOT EXISTS merges_by_survivor_id
  ON records (tenant_id, (kehu_key(data -> 'survivorId')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'merges';
CREATE INDEX IF NOT EXISTS merges_by_at
  ON records (tenant_id, (kehu_key(data -> 'at')) COLLATE "C", (kehu_str_key(id)) COLLATE "C")
  WHERE collection = 'merges';
CREATE INDEX IF NOT EXISTS merges_by_merged_ids
  ON records USING gin (kehu_elem_keys(tenant_id, data -> 'mergedIds'))
  WHERE collection = 'merges';
