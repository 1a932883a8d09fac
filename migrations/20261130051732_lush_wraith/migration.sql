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
ALTER TABLE `bodies` ADD `wdtk_url_name` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
ALTER TABLE `outcomes` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
ALTER TABLE `savings_claims` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `reference` text;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `status_raw` text;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `request_text` text;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `answer` text;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `consultancy_rule` text;--> statement-breakpoint
ALTER TABLE `foi_requests` ADD `format` text;--> statement-breakpoint
ALTER TABLE `citations` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
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
CREATE INDEX `foi_requests_status_idx` ON `foi_requests` (`status`);