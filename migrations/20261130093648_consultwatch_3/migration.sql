ALTER TABLE `hedges` ADD `origin` text DEFAULT 'curated' NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS `payments_body_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `payments_supplier_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `spend_rollup_body_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `spend_rollup_supplier_id_idx`;--> statement-breakpoint
CREATE INDEX `payments_body_id_id_idx` ON `payments` (`body_id`,`id`);--> statement-breakpoint
CREATE INDEX `payments_supplier_id_id_idx` ON `payments` (`supplier_id`,`id`);--> statement-breakpoint
CREATE INDEX `spend_rollup_body_cover_idx` ON `spend_rollup` (`body_id`,`supplier_id`,`payee_class`,`currency`,`vat_basis`,`month`,`spend_file_id`,`total_pence`,`payments`);--> statement-breakpoint
CREATE INDEX `spend_rollup_supplier_cover_idx` ON `spend_rollup` (`supplier_id`,`month`,`body_id`,`spend_file_id`,`currency`,`vat_basis`,`total_pence`,`payments`);--> statement-breakpoint
-- Hand-added: a file's totals now leave out rows that repeat earlier payments (as its report always did); recompute them for files ingested before.
UPDATE spend_files SET totals_pence = (SELECT json_group_object(t.currency, t.pence) FROM (
      SELECT currency AS currency, SUM(CASE WHEN duplicate_of IS NULL THEN amount_pence ELSE 0 END ) AS pence
      FROM payments WHERE spend_file_id = spend_files.id GROUP BY 1 ORDER BY 1) t) WHERE status = 'ingested';
