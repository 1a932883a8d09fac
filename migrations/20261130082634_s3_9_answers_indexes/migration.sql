DROP INDEX IF EXISTS `payments_body_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `payments_supplier_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `spend_rollup_body_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `spend_rollup_supplier_id_idx`;--> statement-breakpoint
CREATE INDEX `payments_body_id_id_idx` ON `payments` (`body_id`,`id`);--> statement-breakpoint
CREATE INDEX `payments_supplier_id_id_idx` ON `payments` (`supplier_id`,`id`);--> statement-breakpoint
CREATE INDEX `spend_rollup_body_cover_idx` ON `spend_rollup` (`body_id`,`supplier_id`,`payee_class`,`currency`,`vat_basis`,`month`,`spend_file_id`,`total_pence`,`payments`);--> statement-breakpoint
CREATE INDEX `spend_rollup_supplier_cover_idx` ON `spend_rollup` (`supplier_id`,`month`,`body_id`,`spend_file_id`,`currency`,`vat_basis`,`total_pence`,`payments`);