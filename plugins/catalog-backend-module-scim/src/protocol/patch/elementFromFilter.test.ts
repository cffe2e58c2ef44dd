import { parseFilter } from '../filter/parser';
import { definitionNamed } from '../schemas/resolveAttribute';
import { userSchema } from '../schemas/userSchema';
import { elementFromFilter } from './elementFromFilter';

const emails = definitionNamed(userSchema.attributes, 'emails');
if (!emails) throw new Error('no emails attribute');

describe('elementFromFilter', () => {
  it('builds the value eq terms describe, in the schema spelling', () => {
    expect(elementFromFilter(parseFilter('TYPE eq "work"'), emails)).toEqual({ type: 'work' });
    expect(elementFromFilter(parseFilter('type eq "work" and primary eq true'), emails)).toEqual({ type: 'work', primary: true });
  });

  it.each(['type co "work"', 'type eq "work" or type eq "home"', 'label eq "x"', 'type eq null', 'not (type eq "home")'])(
    'refuses %j with noTarget',
    filter => {
      expect(() => elementFromFilter(parseFilter(filter), emails)).toThrow(expect.objectContaining({ status: 400, scimType: 'noTarget' }));
    },
  );
});
