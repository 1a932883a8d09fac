CREATE TABLE `claim_relations` (
	`claim_id` text NOT NULL,
	`related_claim_id` text NOT NULL,
	`relation` text NOT NULL,
	`note` text,
	CONSTRAINT `claim_relations_pk` PRIMARY KEY(`claim_id`, `related_claim_id`),
	CONSTRAINT `fk_claim_relations_claim_id_savings_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `savings_claims`(`id`),
	CONSTRAINT `fk_claim_relations_related_claim_id_savings_claims_id_fk` FOREIGN KEY (`related_claim_id`) REFERENCES `savings_claims`(`id`)
);
--> statement-breakpoint
CREATE TABLE `hedges` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`claim_id` text,
	`contract_id` text,
	`outcome_id` text,
	`field` text NOT NULL,
	`kind` text NOT NULL,
	`words` text NOT NULL,
	CONSTRAINT `fk_hedges_claim_id_savings_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `savings_claims`(`id`),
	CONSTRAINT `fk_hedges_contract_id_contracts_id_fk` FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`),
	CONSTRAINT `fk_hedges_outcome_id_outcomes_id_fk` FOREIGN KEY (`outcome_id`) REFERENCES `outcomes`(`id`)
);
--> statement-breakpoint
CREATE TABLE `unit_costs` (
	`id` text PRIMARY KEY,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`unit` text NOT NULL,
	`description` text,
	`body_id` text,
	`amount_pence` integer NOT NULL,
	`currency` text DEFAULT 'GBP' NOT NULL,
	`vat_basis` text DEFAULT 'unknown' NOT NULL,
	`qualifier` text NOT NULL,
	CONSTRAINT `fk_unit_costs_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`)
);
--> statement-breakpoint
CREATE TABLE `customer_segments` (
	`id` text PRIMARY KEY,
	`place` text NOT NULL,
	`body_id` text,
	`segment` text NOT NULL,
	`note` text,
	CONSTRAINT `fk_customer_segments_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`)
);
--> statement-breakpoint
CREATE TABLE `foi_facts` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`foi_request_id` text NOT NULL,
	`contract_id` text,
	`claim_id` text,
	`outcome_id` text,
	`spend_file_id` integer,
	CONSTRAINT `fk_foi_facts_foi_request_id_foi_requests_id_fk` FOREIGN KEY (`foi_request_id`) REFERENCES `foi_requests`(`id`),
	CONSTRAINT `fk_foi_facts_contract_id_contracts_id_fk` FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`),
	CONSTRAINT `fk_foi_facts_claim_id_savings_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `savings_claims`(`id`),
	CONSTRAINT `fk_foi_facts_outcome_id_outcomes_id_fk` FOREIGN KEY (`outcome_id`) REFERENCES `outcomes`(`id`),
	CONSTRAINT `fk_foi_facts_spend_file_id_spend_files_id_fk` FOREIGN KEY (`spend_file_id`) REFERENCES `spend_files`(`id`)
);
--> statement-breakpoint
CREATE TABLE `foi_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`format` text NOT NULL,
	`body_id` text,
	`counts` text NOT NULL,
	`ingested_at` text NOT NULL,
	CONSTRAINT `fk_foi_files_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`)
);
--> statement-breakpoint
CREATE TABLE `foi_record_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`foi_request_id` text NOT NULL,
	`version` integer NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`record` text NOT NULL,
	`landed_at` text NOT NULL,
	`superseded_at` text,
	CONSTRAINT `fk_foi_record_versions_foi_request_id_foi_requests_id_fk` FOREIGN KEY (`foi_request_id`) REFERENCES `foi_requests`(`id`)
);
--> statement-breakpoint
CREATE TABLE `spend_rollup` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`spend_file_id` integer NOT NULL,
	`body_id` text NOT NULL,
	`supplier_id` text,
	`payee_class` text NOT NULL,
	`month` text,
	`expense_category` text,
	`expense_type` text,
	`service_area` text,
	`consultancy_rule` text,
	`currency` text NOT NULL,
	`vat_basis` text NOT NULL,
	`total_pence` integer NOT NULL,
	`payments` integer NOT NULL,
	CONSTRAINT `fk_spend_rollup_spend_file_id_spend_files_id_fk` FOREIGN KEY (`spend_file_id`) REFERENCES `spend_files`(`id`),
	CONSTRAINT `fk_spend_rollup_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_spend_rollup_supplier_id_suppliers_id_fk` FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`)
);
--> statement-breakpoint
CREATE TABLE `spend_rollup_body` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`spend_file_id` integer NOT NULL,
	`body_id` text NOT NULL,
	`payee_class` text NOT NULL,
	`month` text,
	`consultancy_rule` text,
	`currency` text NOT NULL,
	`vat_basis` text NOT NULL,
	`total_pence` integer NOT NULL,
	`payments` integer NOT NULL,
	CONSTRAINT `fk_spend_rollup_body_spend_file_id_spend_files_id_fk` FOREIGN KEY (`spend_file_id`) REFERENCES `spend_files`(`id`),
	CONSTRAINT `fk_spend_rollup_body_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`)
);
--> statement-breakpoint
ALTER TABLE `bodies` ADD `wdtk_url_name` text;--> statement-breakpoint
ALTER TABLE `suppliers` ADD `body_id` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
ALTER TABLE `outcomes` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
ALTER TABLE `savings_claims` ADD `low_basis_points` integer;--> statement-breakpoint
ALTER TABLE `savings_claims` ADD `high_basis_points` integer;--> statement-breakpoint
ALTER TABLE `savings_claims` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `reference` text;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `status_raw` text;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `request_text` text;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `answer` text;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `consultancy_rule` text;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `format` text;--> statement-breakpoint
ALTER TABLE `citations` ADD `unit_cost_id` text REFERENCES unit_costs(id);--> statement-breakpoint
ALTER TABLE `citations` ADD `segment_id` text REFERENCES customer_segments(id);--> statement-breakpoint
ALTER TABLE `citations` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
ALTER TABLE `payments` ADD `duplicate_of` integer;--> statement-breakpoint
ALTER TABLE `spend_files` ADD `totals_pence` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `spend_files` ADD `stated_total_pence` integer;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_savings_claims` (
	`id` text PRIMARY KEY,
	`claimant_id` text,
	`programme_id` text,
	`contract_id` text,
	`title` text NOT NULL,
	`description` text,
	`scenario` text,
	`low_pence` integer,
	`high_pence` integer,
	`low_basis_points` integer,
	`high_basis_points` integer,
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
	`origin` text DEFAULT 'curated' NOT NULL,
	CONSTRAINT `fk_savings_claims_claimant_id_bodies_id_fk` FOREIGN KEY (`claimant_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_savings_claims_programme_id_programmes_id_fk` FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`),
	CONSTRAINT `fk_savings_claims_contract_id_contracts_id_fk` FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`)
);
--> statement-breakpoint
INSERT INTO `__new_savings_claims`(`id`, `claimant_id`, `programme_id`, `contract_id`, `title`, `description`, `scenario`, `low_pence`, `high_pence`, `currency`, `qualifier`, `gross_or_net`, `kind`, `basis`, `horizon_years`, `claimed_on`, `claimed_precision`, `claimed_inferred`, `claimed_note`) SELECT `id`, `claimant_id`, `programme_id`, `contract_id`, `title`, `description`, `scenario`, `low_pence`, `high_pence`, `currency`, `qualifier`, `gross_or_net`, `kind`, `basis`, `horizon_years`, `claimed_on`, `claimed_precision`, `claimed_inferred`, `claimed_note` FROM `savings_claims`;--> statement-breakpoint
DROP TABLE `savings_claims`;--> statement-breakpoint
ALTER TABLE `__new_savings_claims` RENAME TO `savings_claims`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
DROP INDEX IF EXISTS `spend_monthly_payee_key_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `spend_monthly_month_idx`;--> statement-breakpoint
CREATE INDEX `savings_claims_claimant_id_idx` ON `savings_claims` (`claimant_id`);--> statement-breakpoint
CREATE INDEX `savings_claims_programme_id_idx` ON `savings_claims` (`programme_id`);--> statement-breakpoint
CREATE INDEX `savings_claims_contract_id_idx` ON `savings_claims` (`contract_id`);--> statement-breakpoint
CREATE INDEX `suppliers_body_id_idx` ON `suppliers` (`body_id`);--> statement-breakpoint
CREATE INDEX `claim_relations_related_claim_id_idx` ON `claim_relations` (`related_claim_id`);--> statement-breakpoint
CREATE INDEX `hedges_claim_id_idx` ON `hedges` (`claim_id`);--> statement-breakpoint
CREATE INDEX `hedges_contract_id_idx` ON `hedges` (`contract_id`);--> statement-breakpoint
CREATE INDEX `hedges_outcome_id_idx` ON `hedges` (`outcome_id`);--> statement-breakpoint
CREATE INDEX `unit_costs_body_id_idx` ON `unit_costs` (`body_id`);--> statement-breakpoint
CREATE INDEX `customer_segments_body_id_idx` ON `customer_segments` (`body_id`);--> statement-breakpoint
CREATE INDEX `foi_facts_foi_request_id_idx` ON `foi_facts` (`foi_request_id`);--> statement-breakpoint
CREATE INDEX `foi_facts_contract_id_idx` ON `foi_facts` (`contract_id`);--> statement-breakpoint
CREATE INDEX `foi_facts_claim_id_idx` ON `foi_facts` (`claim_id`);--> statement-breakpoint
CREATE INDEX `foi_facts_outcome_id_idx` ON `foi_facts` (`outcome_id`);--> statement-breakpoint
CREATE INDEX `foi_facts_spend_file_id_idx` ON `foi_facts` (`spend_file_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `foi_files_sha256_uq` ON `foi_files` (`sha256`);--> statement-breakpoint
CREATE INDEX `foi_files_body_id_idx` ON `foi_files` (`body_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `foi_record_versions_uq` ON `foi_record_versions` (`foi_request_id`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `foi_requests_url_uq` ON `foi_requests` (`url`);--> statement-breakpoint
CREATE UNIQUE INDEX `foi_requests_reference_uq` ON `foi_requests` (`authority_id`,`reference`);--> statement-breakpoint
CREATE INDEX `foi_requests_status_idx` ON `foi_requests` (`status`);--> statement-breakpoint
CREATE INDEX `citations_unit_cost_id_idx` ON `citations` (`unit_cost_id`);--> statement-breakpoint
CREATE INDEX `citations_segment_id_idx` ON `citations` (`segment_id`);--> statement-breakpoint
CREATE INDEX `spend_rollup_spend_file_id_idx` ON `spend_rollup` (`spend_file_id`);--> statement-breakpoint
CREATE INDEX `spend_rollup_body_id_idx` ON `spend_rollup` (`body_id`,`month`);--> statement-breakpoint
CREATE INDEX `spend_rollup_supplier_id_idx` ON `spend_rollup` (`supplier_id`,`month`);--> statement-breakpoint
CREATE INDEX `spend_rollup_month_idx` ON `spend_rollup` (`month`);--> statement-breakpoint
CREATE INDEX `spend_rollup_body_spend_file_id_idx` ON `spend_rollup_body` (`spend_file_id`);--> statement-breakpoint
CREATE INDEX `spend_rollup_body_body_id_idx` ON `spend_rollup_body` (`body_id`,`month`);--> statement-breakpoint
DROP TABLE `spend_monthly`;--> statement-breakpoint
-- Hand-added: carry an older database's file totals over as integer pence before the decimal columns go.
UPDATE `spend_files` SET `totals_pence` = COALESCE((SELECT json_group_object(key, CAST(ROUND(CAST(value AS REAL) * 100) AS INTEGER)) FROM json_each(`spend_files`.`totals`)), '{}'), `stated_total_pence` = CASE WHEN `stated_total` IS NULL THEN NULL ELSE CAST(ROUND(CAST(`stated_total` AS REAL) * 100) AS INTEGER) END;--> statement-breakpoint
ALTER TABLE `spend_files` DROP COLUMN `totals`;--> statement-breakpoint
ALTER TABLE `spend_files` DROP COLUMN `stated_total`;--> statement-breakpoint
-- Hand-added: an older database's payments enter the new rollups (spend_monthly is gone).
INSERT INTO spend_rollup (spend_file_id, body_id, supplier_id, payee_class, month, expense_category, expense_type, service_area, consultancy_rule, currency, vat_basis, total_pence, payments)
  SELECT spend_file_id, body_id, supplier_id, payee_class, CASE WHEN paid_precision IN ('day', 'month') THEN substr(paid_on, 1, 7) END AS month, expense_category, expense_type, service_area, consultancy_rule, currency, vat_basis, SUM(amount_pence), COUNT(*)
  FROM payments
  WHERE spend_file_id IN (SELECT id FROM spend_files WHERE status = 'ingested') AND duplicate_of IS NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;--> statement-breakpoint
INSERT INTO spend_rollup_body (spend_file_id, body_id, payee_class, month, consultancy_rule, currency, vat_basis, total_pence, payments)
  SELECT spend_file_id, body_id, payee_class, CASE WHEN paid_precision IN ('day', 'month') THEN substr(paid_on, 1, 7) END AS month, consultancy_rule, currency, vat_basis, SUM(amount_pence), COUNT(*)
  FROM payments
  WHERE spend_file_id IN (SELECT id FROM spend_files WHERE status = 'ingested') AND duplicate_of IS NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
