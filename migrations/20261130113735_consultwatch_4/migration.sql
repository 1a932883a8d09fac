CREATE TABLE `spend_rollup_supplier` (
	`id` integer PRIMARY KEY,
	`body_id` text NOT NULL,
	`supplier_id` text,
	`payee_class` text NOT NULL,
	`consultancy_rule` text,
	`currency` text NOT NULL,
	`vat_basis` text NOT NULL,
	`total_pence` integer NOT NULL,
	`payments` integer NOT NULL,
	CONSTRAINT `fk_spend_rollup_supplier_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_spend_rollup_supplier_supplier_id_suppliers_id_fk` FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`)
);
--> statement-breakpoint
CREATE TABLE `spend_rollup_year` (
	`id` integer PRIMARY KEY,
	`body_id` text NOT NULL,
	`supplier_id` text,
	`payee_class` text NOT NULL,
	`consultancy_rule` text,
	`currency` text NOT NULL,
	`vat_basis` text NOT NULL,
	`financial_year` text,
	`total_pence` integer NOT NULL,
	`payments` integer NOT NULL,
	CONSTRAINT `fk_spend_rollup_year_body_id_bodies_id_fk` FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`),
	CONSTRAINT `fk_spend_rollup_year_supplier_id_suppliers_id_fk` FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `spend_rollup_supplier_key_uq` ON `spend_rollup_supplier` (`body_id`,ifnull(supplier_id, ''),`payee_class`,ifnull(consultancy_rule, ''),`currency`,`vat_basis`);--> statement-breakpoint
CREATE INDEX `spend_rollup_supplier_body_cover_idx` ON `spend_rollup_supplier` (`body_id`,`supplier_id`,`payee_class`,`currency`,`vat_basis`,`consultancy_rule`,`total_pence`,`payments`);--> statement-breakpoint
CREATE INDEX `spend_rollup_supplier_supplier_cover_idx` ON `spend_rollup_supplier` (`supplier_id`,`body_id`,`currency`,`vat_basis`,`payee_class`,`consultancy_rule`,`total_pence`,`payments`);--> statement-breakpoint
CREATE UNIQUE INDEX `spend_rollup_year_key_uq` ON `spend_rollup_year` (`body_id`,ifnull(supplier_id, ''),`payee_class`,ifnull(consultancy_rule, ''),`currency`,`vat_basis`,ifnull(financial_year, ''));--> statement-breakpoint
CREATE INDEX `spend_rollup_year_body_cover_idx` ON `spend_rollup_year` (`body_id`,`supplier_id`,`payee_class`,`currency`,`vat_basis`,`financial_year`,`consultancy_rule`,`total_pence`,`payments`);--> statement-breakpoint
CREATE INDEX `spend_rollup_year_supplier_cover_idx` ON `spend_rollup_year` (`supplier_id`,`body_id`,`financial_year`,`currency`,`vat_basis`,`payee_class`,`consultancy_rule`,`total_pence`,`payments`);--> statement-breakpoint
INSERT INTO spend_rollup_supplier (body_id, supplier_id, payee_class, consultancy_rule, currency, vat_basis, total_pence, payments)
  SELECT w.body_id, w.supplier_id, w.payee_class, w.consultancy_rule, w.currency, w.vat_basis, 1 * SUM(w.total_pence), 1 * SUM(w.payments)
  FROM spend_rollup w
  WHERE w.spend_file_id IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (body_id, ifnull(supplier_id, ''), payee_class, ifnull(consultancy_rule, ''), currency, vat_basis) DO UPDATE SET total_pence = total_pence + excluded.total_pence, payments = payments + excluded.payments;
--> statement-breakpoint
INSERT INTO spend_rollup_year (body_id, supplier_id, payee_class, consultancy_rule, currency, vat_basis, financial_year, total_pence, payments)
  SELECT w.body_id, w.supplier_id, w.payee_class, w.consultancy_rule, w.currency, w.vat_basis, COALESCE((CASE WHEN CAST(substr(w.month, 6, 2) AS INTEGER) >= 4 THEN substr(w.month, 1, 4) || '-' || substr(CAST(substr(w.month, 1, 4) AS INTEGER) + 1, 3, 2) ELSE (CAST(substr(w.month, 1, 4) AS INTEGER) - 1) || '-' || substr(w.month, 3, 2) END ), (SELECT CASE WHEN (CASE WHEN CAST(substr(f.period_start, 6, 2) AS INTEGER) >= 4 THEN substr(f.period_start, 1, 4) || '-' || substr(CAST(substr(f.period_start, 1, 4) AS INTEGER) + 1, 3, 2) ELSE (CAST(substr(f.period_start, 1, 4) AS INTEGER) - 1) || '-' || substr(f.period_start, 3, 2) END ) = (CASE WHEN CAST(substr(f.period_end, 6, 2) AS INTEGER) >= 4 THEN substr(f.period_end, 1, 4) || '-' || substr(CAST(substr(f.period_end, 1, 4) AS INTEGER) + 1, 3, 2) ELSE (CAST(substr(f.period_end, 1, 4) AS INTEGER) - 1) || '-' || substr(f.period_end, 3, 2) END ) THEN (CASE WHEN CAST(substr(f.period_start, 6, 2) AS INTEGER) >= 4 THEN substr(f.period_start, 1, 4) || '-' || substr(CAST(substr(f.period_start, 1, 4) AS INTEGER) + 1, 3, 2) ELSE (CAST(substr(f.period_start, 1, 4) AS INTEGER) - 1) || '-' || substr(f.period_start, 3, 2) END ) END FROM spend_files f WHERE f.id = w.spend_file_id)), 1 * SUM(w.total_pence), 1 * SUM(w.payments)
  FROM spend_rollup w
  WHERE w.spend_file_id IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (body_id, ifnull(supplier_id, ''), payee_class, ifnull(consultancy_rule, ''), currency, vat_basis, ifnull(financial_year, '')) DO UPDATE SET total_pence = total_pence + excluded.total_pence, payments = payments + excluded.payments;
