import type { LoggerService } from '@backstage/backend-plugin-api';
import { sampleList } from '../util/sampleList';
import type { LinkReport } from './AccountLinker';

/** One line for the links of a run, and a warning per kind of account that did not join a person. */
export function logLinkReport(logger: LoggerService, providerName: string, report: LinkReport): void {
  const { linked, unmatched, conflicts, departed } = report;
  logger.info(
    `${providerName}: ${linked} account(s) linked to people of ${report.peopleSource}, ${unmatched.length} unmatched, ` +
      `${conflicts.length} refused as conflicts, ${departed.length} held by people who left`,
    { linked, unmatched: unmatched.length, conflicts: conflicts.length, departed: departed.length },
  );
  if (conflicts.length) {
    logger.warn(`${providerName}: ${conflicts.length} account link(s) refused, never guessed; map them in linkTo.mapping: ${sampleList(conflicts, c => `${c.account}: ${c.detail}`)}`);
  }
  if (departed.length) {
    logger.warn(
      `${providerName}: ${departed.length} account(s) belong to people who are not in ${report.peopleSource} (left?) and are kept out of the catalog; ` +
        `remove them from the IdP: ${sampleList(departed, d => `${d.account}, still a member of ${d.where} (${d.detail})`)}`,
    );
  }
  if (unmatched.length) {
    logger.info(`${providerName}: ${unmatched.length} account(s) match nobody in ${report.peopleSource}: ${sampleList(unmatched, u => u.account)}`);
  }
}

/** People a run removed who still hold accounts of linked sources. */
export function logStillLinked(logger: LoggerService, providerName: string, still: Array<{ person: string; account: string; where: string }>): void {
  const people = new Map<string, string[]>();
  for (const s of still) people.set(s.person, [...(people.get(s.person) ?? []), `${s.account}, still a member of ${s.where}`]);
  logger.warn(
    `${providerName}: ${people.size} person(s) who left still hold linked accounts; remove them there: ${sampleList([...people], ([person, accounts]) => `${person}: ${accounts.join('; ')}`)}`,
  );
}
