import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MappingReport } from '../mapping/mapSnapshot';
import { sampleList } from '../util/sampleList';

/** Logs what mapping skipped, renamed or dropped, one warning per kind of problem, naming the records. */
export function logMappingReport(logger: LoggerService, report: MappingReport): void {
  if (report.skipped.length) {
    logger.warn(
      `Skipped ${report.skipped.length} record(s) that cannot become entities: ${sampleList(report.skipped, s => `${s.kind} ${s.id ?? `#${s.index}`} (${s.reason})`)}`,
    );
  }
  if (report.collisions.length) {
    logger.warn(
      `Entity name collisions resolved: ${sampleList(report.collisions, c => `${c.kind} "${c.name}" kept by ${c.keptBy}; ${c.renamed.map(r => `${r.id} → "${r.name}"`).join(', ')}`)}`,
    );
  }
  if (report.namingFallbacks.length) {
    logger.info(
      `Naming strategy had no value for ${report.namingFallbacks.length} record(s), named by fallback: ${sampleList(report.namingFallbacks, f => `${f.kind} ${f.id} → "${f.name}"`)}`,
    );
  }
  if (report.unknownUserRefs.length) {
    logger.warn(
      `Dropped ${report.unknownUserRefs.length} membership(s) naming unknown users: ${sampleList(report.unknownUserRefs, r => `group ${r.groupId} → user ${r.ref}`)}`,
    );
  }
  const h = report.hierarchy;
  if (h.unknownGroupRefs.length) {
    logger.warn(`Dropped ${h.unknownGroupRefs.length} reference(s) to unknown groups: ${sampleList(h.unknownGroupRefs, r => `group ${r.groupId} → ${r.ref}`)}`);
  }
  if (h.extraParents.length) {
    logger.warn(
      `Groups with several parents keep one (the catalog allows one): ${sampleList(h.extraParents, p => `${p.groupId} keeps ${p.kept}, drops ${p.dropped.join(' ')}`)}`,
    );
  }
  if (h.brokenCycles.length) {
    logger.warn(`Broke ${h.brokenCycles.length} group cycle(s): ${sampleList(h.brokenCycles, c => `${c.groupId} loses its parent (cycle ${c.cycle.join(' → ')})`)}`);
  }
  if (report.transformerErrors.length) {
    logger.warn(
      `A naming strategy or transformer failed for ${report.transformerErrors.length} record(s); they keep the untransformed entity: ${sampleList(report.transformerErrors, t => `${t.kind} ${t.id} (${t.error})`)}`,
    );
  }
  if (report.cleaned.length) {
    logger.warn(
      `Made ${report.cleaned.length} field(s) safe for the catalog: ${sampleList(report.cleaned, c => `${c.kind} ${c.id} ${c.field} (${c.change})`)}`,
    );
  }
  if (report.transformedAway.length) {
    logger.info(`Transformers left out ${report.transformedAway.length} record(s): ${sampleList(report.transformedAway, t => `${t.kind} ${t.id}`)}`);
  }
}
