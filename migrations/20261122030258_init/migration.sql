CREATE TABLE `sources` (
	`id` text PRIMARY KEY,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`publisher` text NOT NULL,
	`author` text,
	`url` text,
	`published_on` text,
	`published_precision` text DEFAULT 'unknown' NOT NULL,
	`licence` text NOT NULL,
	`retrieved_on` text,
	`note` text
);
--> statement-breakpoint
CREATE TABLE `bodies` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`gss_code` text,
	`org_id` text,
	`region` text,
	`nation` text,
	`note` text,
	`origin` text DEFAULT 'curated' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `body_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`body_id` text NOT NULL,
	`alias` text NOT NULL,
	`normalised` text NOT NULL,
	`source_id` text,
	`origin` text DEFAULT 'curated' NOT NULL,
	CONSTRAINT `fk_body_aliases_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_body_aliases_source_id_sources_id_fk` FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`)
);
--> statement-breakpoint
CREATE TABLE `supplier_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`supplier_id` text NOT NULL,
	`raw_name` text NOT NULL,
	`normalised` text NOT NULL,
	`method` text NOT NULL,
	`source_id` text,
	`origin` text DEFAULT 'curated' NOT NULL,
	CONSTRAINT `fk_supplier_aliases_supplier_id_suppliers_id_fk` FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`),
	CONSTRAINT `fk_supplier_aliases_source_id_sources_id_fk` FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`)
);
--> statement-breakpoint
CREATE TABLE `suppliers` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL,
	`org_id` text,
	`website` text,
	`note` text,
	`origin` text DEFAULT 'curated' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `programme_bodies` (
	`programme_id` text NOT NULL,
	`body_id` text NOT NULL,
	`role` text NOT NULL,
	`detail` text,
	CONSTRAINT `programme_bodies_pk` PRIMARY KEY(`programme_id`, `body_id`, `role`),
	CONSTRAINT `fk_programme_bodies_programme_id_programmes_id_fk` FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`),
	CONSTRAINT `fk_programme_bodies_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`)
);
--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text,
	`started_on` text,
	`started_precision` text DEFAULT 'unknown' NOT NULL,
	`ended_on` text,
	`ended_precision` text DEFAULT 'unknown' NOT NULL,
	`budget_pence` integer,
	`budget_currency` text,
	`budget_vat_basis` text,
	`parent_id` text
);
--> statement-breakpoint
CREATE TABLE `total_place_pilot_bodies` (
	`pilot_id` text NOT NULL,
	`body_id` text NOT NULL,
	CONSTRAINT `total_place_pilot_bodies_pk` PRIMARY KEY(`pilot_id`, `body_id`),
	CONSTRAINT `fk_total_place_pilot_bodies_pilot_id_total_place_pilots_id_fk` FOREIGN KEY (`pilot_id`) REFERENCES `total_place_pilots`(`id`),
	CONSTRAINT `fk_total_place_pilot_bodies_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`)
);
--> statement-breakpoint
CREATE TABLE `total_place_pilot_themes` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`pilot_id` text NOT NULL,
	`theme` text NOT NULL,
	CONSTRAINT `fk_total_place_pilot_themes_pilot_id_total_place_pilots_id_fk` FOREIGN KEY (`pilot_id`) REFERENCES `total_place_pilots`(`id`)
);
--> statement-breakpoint
CREATE TABLE `total_place_pilots` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL,
	`region` text NOT NULL,
	`programme_id` text NOT NULL,
	CONSTRAINT `fk_total_place_pilots_programme_id_programmes_id_fk` FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`)
);
--> statement-breakpoint
CREATE TABLE `contracts` (
	`id` text PRIMARY KEY,
	`buyer_id` text NOT NULL,
	`supplier_id` text,
	`programme_id` text,
	`title` text NOT NULL,
	`description` text,
	`value_pence` integer,
	`currency` text DEFAULT 'GBP' NOT NULL,
	`vat_basis` text DEFAULT 'unknown' NOT NULL,
	`value_kind` text,
	`contingent_pence` integer,
	`contingent_on` text,
	`decided_on` text,
	`decided_precision` text DEFAULT 'unknown' NOT NULL,
	`decided_inferred` integer DEFAULT false NOT NULL,
	`decided_note` text,
	`decided_by` text,
	`status` text DEFAULT 'unknown' NOT NULL,
	CONSTRAINT `fk_contracts_buyer_id_bodies_id_fk` FOREIGN KEY (`buyer_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_contracts_supplier_id_suppliers_id_fk` FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`),
	CONSTRAINT `fk_contracts_programme_id_programmes_id_fk` FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`)
);
--> statement-breakpoint
CREATE TABLE `outcomes` (
	`id` text PRIMARY KEY,
	`claim_id` text,
	`programme_id` text,
	`body_id` text,
	`title` text NOT NULL,
	`description` text,
	`amount_pence` integer,
	`currency` text DEFAULT 'GBP' NOT NULL,
	`qualifier` text NOT NULL,
	`basis` text NOT NULL,
	`reported_on` text,
	`reported_precision` text DEFAULT 'unknown' NOT NULL,
	CONSTRAINT `fk_outcomes_claim_id_savings_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `savings_claims`(`id`),
	CONSTRAINT `fk_outcomes_programme_id_programmes_id_fk` FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`),
	CONSTRAINT `fk_outcomes_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`)
);
--> statement-breakpoint
CREATE TABLE `savings_claims` (
	`id` text PRIMARY KEY,
	`claimant_id` text NOT NULL,
	`programme_id` text,
	`contract_id` text,
	`title` text NOT NULL,
	`description` text,
	`scenario` text,
	`low_pence` integer,
	`high_pence` integer,
	`currency` text DEFAULT 'GBP' NOT NULL,
	`qualifier` text NOT NULL,
	`gross_or_net` text DEFAULT 'unknown' NOT NULL,
	`kind` text NOT NULL,
	`basis` text NOT NULL,
	`horizon_years` integer,
	`claimed_on` text,
	`claimed_precision` text DEFAULT 'unknown' NOT NULL,
	`claimed_inferred` integer DEFAULT false NOT NULL,
	`claimed_note` text,
	CONSTRAINT `fk_savings_claims_claimant_id_bodies_id_fk` FOREIGN KEY (`claimant_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_savings_claims_programme_id_programmes_id_fk` FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`),
	CONSTRAINT `fk_savings_claims_contract_id_contracts_id_fk` FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`)
);
--> statement-breakpoint
CREATE TABLE `foi_requests` (
	`id` text PRIMARY KEY,
	`authority_id` text NOT NULL,
	`title` text NOT NULL,
	`url` text,
	`platform` text,
	`requested_on` text,
	`requested_precision` text DEFAULT 'unknown' NOT NULL,
	`answered_on` text,
	`answered_precision` text DEFAULT 'unknown' NOT NULL,
	`answered_inferred` integer DEFAULT false NOT NULL,
	`answered_note` text,
	`status` text NOT NULL,
	`response_source_id` text,
	CONSTRAINT `fk_foi_requests_authority_id_bodies_id_fk` FOREIGN KEY (`authority_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_foi_requests_response_source_id_sources_id_fk` FOREIGN KEY (`response_source_id`) REFERENCES `sources`(`id`)
);
--> statement-breakpoint
CREATE TABLE `citations` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`source_id` text NOT NULL,
	`quote` text,
	`body_id` text,
	`supplier_id` text,
	`programme_id` text,
	`pilot_id` text,
	`contract_id` text,
	`claim_id` text,
	`outcome_id` text,
	`foi_request_id` text,
	CONSTRAINT `fk_citations_source_id_sources_id_fk` FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`),
	CONSTRAINT `fk_citations_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_citations_supplier_id_suppliers_id_fk` FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`),
	CONSTRAINT `fk_citations_programme_id_programmes_id_fk` FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`),
	CONSTRAINT `fk_citations_pilot_id_total_place_pilots_id_fk` FOREIGN KEY (`pilot_id`) REFERENCES `total_place_pilots`(`id`),
	CONSTRAINT `fk_citations_contract_id_contracts_id_fk` FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`),
	CONSTRAINT `fk_citations_claim_id_savings_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `savings_claims`(`id`),
	CONSTRAINT `fk_citations_outcome_id_outcomes_id_fk` FOREIGN KEY (`outcome_id`) REFERENCES `outcomes`(`id`),
	CONSTRAINT `fk_citations_foi_request_id_foi_requests_id_fk` FOREIGN KEY (`foi_request_id`) REFERENCES `foi_requests`(`id`)
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`spend_file_id` integer NOT NULL,
	`line` integer NOT NULL,
	`body_id` text NOT NULL,
	`supplier_id` text,
	`supplier_match` text,
	`supplier_ref` text,
	`payee_name` text NOT NULL,
	`payee_class` text NOT NULL,
	`paid_on` text,
	`paid_precision` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`currency` text NOT NULL,
	`vat_basis` text NOT NULL,
	`vat_pence` integer,
	`expense_category` text,
	`expense_type` text,
	`expense_code` text,
	`service_area` text,
	`service_division` text,
	`description` text,
	`transaction_ref` text,
	`capital_or_revenue` text,
	`consultancy_rule` text,
	CONSTRAINT `fk_payments_spend_file_id_spend_files_id_fk` FOREIGN KEY (`spend_file_id`) REFERENCES `spend_files`(`id`),
	CONSTRAINT `fk_payments_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_payments_supplier_id_suppliers_id_fk` FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`)
);
--> statement-breakpoint
CREATE TABLE `spend_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`source_id` text NOT NULL,
	`body_id` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`encoding` text NOT NULL,
	`delimiter` text NOT NULL,
	`header_line` integer NOT NULL,
	`columns` text NOT NULL,
	`period_start` text,
	`period_end` text,
	`rows_read` integer NOT NULL,
	`accepted` integer NOT NULL,
	`rejected` integer NOT NULL,
	`skipped` integer NOT NULL,
	`totals` text NOT NULL,
	`stated_total` text,
	`stated_total_matches` integer,
	`warnings` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'ingested' NOT NULL,
	`ingested_at` text NOT NULL,
	CONSTRAINT `fk_spend_files_source_id_sources_id_fk` FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`),
	CONSTRAINT `fk_spend_files_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`)
);
--> statement-breakpoint
CREATE TABLE `spend_monthly` (
	`body_id` text NOT NULL,
	`payee_key` text NOT NULL,
	`month` text NOT NULL,
	`expense_type` text NOT NULL,
	`consultancy` integer NOT NULL,
	`currency` text NOT NULL,
	`vat_basis` text NOT NULL,
	`total_pence` integer NOT NULL,
	`payments` integer NOT NULL,
	CONSTRAINT `spend_monthly_pk` PRIMARY KEY(`body_id`, `payee_key`, `month`, `expense_type`, `consultancy`, `currency`, `vat_basis`),
	CONSTRAINT `fk_spend_monthly_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`)
);
--> statement-breakpoint
CREATE TABLE `spend_rejects` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`spend_file_id` integer NOT NULL,
	`line` integer NOT NULL,
	`column` text,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`raw` text NOT NULL,
	CONSTRAINT `fk_spend_rejects_spend_file_id_spend_files_id_fk` FOREIGN KEY (`spend_file_id`) REFERENCES `spend_files`(`id`)
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sources_kind_idx` ON `sources` (`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `bodies_name_uq` ON `bodies` (`name`);--> statement-breakpoint
CREATE INDEX `body_aliases_body_id_idx` ON `body_aliases` (`body_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `body_aliases_normalised_uq` ON `body_aliases` (`normalised`);--> statement-breakpoint
CREATE INDEX `supplier_aliases_supplier_id_idx` ON `supplier_aliases` (`supplier_id`);--> statement-breakpoint
CREATE INDEX `supplier_aliases_source_id_idx` ON `supplier_aliases` (`source_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `supplier_aliases_raw_name_uq` ON `supplier_aliases` (`raw_name`);--> statement-breakpoint
CREATE INDEX `supplier_aliases_normalised_idx` ON `supplier_aliases` (`normalised`);--> statement-breakpoint
CREATE INDEX `suppliers_org_id_idx` ON `suppliers` (`org_id`);--> statement-breakpoint
CREATE INDEX `programme_bodies_body_id_idx` ON `programme_bodies` (`body_id`);--> statement-breakpoint
CREATE INDEX `programmes_parent_id_idx` ON `programmes` (`parent_id`);--> statement-breakpoint
CREATE INDEX `total_place_pilot_bodies_body_id_idx` ON `total_place_pilot_bodies` (`body_id`);--> statement-breakpoint
CREATE INDEX `total_place_pilot_themes_pilot_id_idx` ON `total_place_pilot_themes` (`pilot_id`);--> statement-breakpoint
CREATE INDEX `total_place_pilots_programme_id_idx` ON `total_place_pilots` (`programme_id`);--> statement-breakpoint
CREATE INDEX `contracts_buyer_id_idx` ON `contracts` (`buyer_id`);--> statement-breakpoint
CREATE INDEX `contracts_supplier_id_idx` ON `contracts` (`supplier_id`);--> statement-breakpoint
CREATE INDEX `contracts_programme_id_idx` ON `contracts` (`programme_id`);--> statement-breakpoint
CREATE INDEX `outcomes_claim_id_idx` ON `outcomes` (`claim_id`);--> statement-breakpoint
CREATE INDEX `outcomes_programme_id_idx` ON `outcomes` (`programme_id`);--> statement-breakpoint
CREATE INDEX `outcomes_body_id_idx` ON `outcomes` (`body_id`);--> statement-breakpoint
CREATE INDEX `savings_claims_claimant_id_idx` ON `savings_claims` (`claimant_id`);--> statement-breakpoint
CREATE INDEX `savings_claims_programme_id_idx` ON `savings_claims` (`programme_id`);--> statement-breakpoint
CREATE INDEX `savings_claims_contract_id_idx` ON `savings_claims` (`contract_id`);--> statement-breakpoint
CREATE INDEX `foi_requests_authority_id_idx` ON `foi_requests` (`authority_id`);--> statement-breakpoint
CREATE INDEX `foi_requests_response_source_id_idx` ON `foi_requests` (`response_source_id`);--> statement-breakpoint
CREATE INDEX `citations_source_id_idx` ON `citations` (`source_id`);--> statement-breakpoint
CREATE INDEX `citations_body_id_idx` ON `citations` (`body_id`);--> statement-breakpoint
CREATE INDEX `citations_supplier_id_idx` ON `citations` (`supplier_id`);--> statement-breakpoint
CREATE INDEX `citations_programme_id_idx` ON `citations` (`programme_id`);--> statement-breakpoint
CREATE INDEX `citations_pilot_id_idx` ON `citations` (`pilot_id`);--> statement-breakpoint
CREATE INDEX `citations_contract_id_idx` ON `citations` (`contract_id`);--> statement-breakpoint
CREATE INDEX `citations_claim_id_idx` ON `citations` (`claim_id`);--> statement-breakpoint
CREATE INDEX `citations_outcome_id_idx` ON `citations` (`outcome_id`);--> statement-breakpoint
CREATE INDEX `citations_foi_request_id_idx` ON `citations` (`foi_request_id`);--> statement-breakpoint
CREATE INDEX `payments_spend_file_id_idx` ON `payments` (`spend_file_id`);--> statement-breakpoint
CREATE INDEX `payments_body_id_idx` ON `payments` (`body_id`,`paid_on`);--> statement-breakpoint
CREATE INDEX `payments_supplier_id_idx` ON `payments` (`supplier_id`,`paid_on`);--> statement-breakpoint
CREATE INDEX `payments_body_supplier_amount_idx` ON `payments` (`body_id`,`supplier_id`,`amount_pence`);--> statement-breakpoint
CREATE UNIQUE INDEX `spend_files_sha256_uq` ON `spend_files` (`sha256`);--> statement-breakpoint
CREATE INDEX `spend_files_source_id_idx` ON `spend_files` (`source_id`);--> statement-breakpoint
CREATE INDEX `spend_files_body_id_idx` ON `spend_files` (`body_id`,`period_start`);--> statement-breakpoint
CREATE INDEX `spend_monthly_payee_key_idx` ON `spend_monthly` (`payee_key`,`month`);--> statement-breakpoint
CREATE INDEX `spend_monthly_month_idx` ON `spend_monthly` (`month`,`body_id`);--> statement-breakpoint
CREATE INDEX `spend_rejects_spend_file_id_idx` ON `spend_rejects` (`spend_file_id`);