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
ALTER TABLE `suppliers` ADD `body_id` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `duplicate_of` integer;--> statement-breakpoint
DROP INDEX IF EXISTS `spend_monthly_payee_key_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `spend_monthly_month_idx`;--> statement-breakpoint
CREATE INDEX `suppliers_body_id_idx` ON `suppliers` (`body_id`);--> statement-breakpoint
CREATE INDEX `spend_rollup_spend_file_id_idx` ON `spend_rollup` (`spend_file_id`);--> statement-breakpoint
CREATE INDEX `spend_rollup_body_id_idx` ON `spend_rollup` (`body_id`,`month`);--> statement-breakpoint
CREATE INDEX `spend_rollup_supplier_id_idx` ON `spend_rollup` (`supplier_id`,`month`);--> statement-breakpoint
CREATE INDEX `spend_rollup_month_idx` ON `spend_rollup` (`month`);--> statement-breakpoint
CREATE INDEX `spend_rollup_body_spend_file_id_idx` ON `spend_rollup_body` (`spend_file_id`);--> statement-breakpoint
CREATE INDEX `spend_rollup_body_body_id_idx` ON `spend_rollup_body` (`body_id`,`month`);--> statement-breakpoint
DROP TABLE `spend_monthly`;