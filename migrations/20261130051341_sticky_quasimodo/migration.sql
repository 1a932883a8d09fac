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
ALTER TABLE `savings_claims` ADD `low_basis_points` integer;--> statement-breakpoint
ALTER TABLE `savings_claims` ADD `high_basis_points` integer;--> statement-breakpoint
ALTER TABLE `citations` ADD `unit_cost_id` text REFERENCES unit_costs(id);--> statement-breakpoint
ALTER TABLE `citations` ADD `segment_id` text REFERENCES customer_segments(id);--> statement-breakpoint
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
	CONSTRAINT `fk_savings_claims_claimant_id_bodies_id_fk` FOREIGN KEY (`claimant_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_savings_claims_programme_id_programmes_id_fk` FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`),
	CONSTRAINT `fk_savings_claims_contract_id_contracts_id_fk` FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`)
);
--> statement-breakpoint
INSERT INTO `__new_savings_claims`(`id`, `claimant_id`, `programme_id`, `contract_id`, `title`, `description`, `scenario`, `low_pence`, `high_pence`, `currency`, `qualifier`, `gross_or_net`, `kind`, `basis`, `horizon_years`, `claimed_on`, `claimed_precision`, `claimed_inferred`, `claimed_note`) SELECT `id`, `claimant_id`, `programme_id`, `contract_id`, `title`, `description`, `scenario`, `low_pence`, `high_pence`, `currency`, `qualifier`, `gross_or_net`, `kind`, `basis`, `horizon_years`, `claimed_on`, `claimed_precision`, `claimed_inferred`, `claimed_note` FROM `savings_claims`;--> statement-breakpoint
DROP TABLE `savings_claims`;--> statement-breakpoint
ALTER TABLE `__new_savings_claims` RENAME TO `savings_claims`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `savings_claims_claimant_id_idx` ON `savings_claims` (`claimant_id`);--> statement-breakpoint
CREATE INDEX `savings_claims_programme_id_idx` ON `savings_claims` (`programme_id`);--> statement-breakpoint
CREATE INDEX `savings_claims_contract_id_idx` ON `savings_claims` (`contract_id`);--> statement-breakpoint
CREATE INDEX `claim_relations_related_claim_id_idx` ON `claim_relations` (`related_claim_id`);--> statement-breakpoint
CREATE INDEX `hedges_claim_id_idx` ON `hedges` (`claim_id`);--> statement-breakpoint
CREATE INDEX `hedges_contract_id_idx` ON `hedges` (`contract_id`);--> statement-breakpoint
CREATE INDEX `hedges_outcome_id_idx` ON `hedges` (`outcome_id`);--> statement-breakpoint
CREATE INDEX `unit_costs_body_id_idx` ON `unit_costs` (`body_id`);--> statement-breakpoint
CREATE INDEX `customer_segments_body_id_idx` ON `customer_segments` (`body_id`);--> statement-breakpoint
CREATE INDEX `citations_unit_cost_id_idx` ON `citations` (`unit_cost_id`);--> statement-breakpoint
CREATE INDEX `citations_segment_id_idx` ON `citations` (`segment_id`);