DROP INDEX IF EXISTS `payments_body_id_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `payments_supplier_id_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `payments_body_supplier_amount_idx`;--> statement-breakpoint
CREATE INDEX `payments_body_idx` ON `payments` (`body_id`);--> statement-breakpoint
CREATE INDEX `payments_supplier_idx` ON `payments` (`supplier_id`);--> statement-breakpoint
CREATE INDEX `payments_body_supplier_idx` ON `payments` (`body_id`,`supplier_id`);