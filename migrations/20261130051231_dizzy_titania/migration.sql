ALTER TABLE `spend_files` ADD `totals_pence` text NOT NULL;--> statement-breakpoint
ALTER TABLE `spend_files` ADD `stated_total_pence` integer;--> statement-breakpoint
ALTER TABLE `spend_files` DROP COLUMN `totals`;--> statement-breakpoint
ALTER TABLE `spend_files` DROP COLUMN `stated_total`;