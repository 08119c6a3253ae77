import { parseSecrets } from './local-secrets';

const PATH = '/data/secrets.json';

describe('parseSecrets', () => {
  it('reads both secrets', () => {
    expect(parseSecrets('{"postgresSuperuserPassword":"pw","jwtSecret":"jwt"}', PATH)).toEqual({ postgresSuperuserPassword: 'pw', jwtSecret: 'jwt' });
  });

  // Each names the file, what is wrong with it and what to do.
  it.each([
    ['truncated', '{"postgresSuperuserPassword":"p', `${PATH} is not valid JSON (`],
    ['empty', '', `${PATH} is not valid JSON (`],
    ['not an object', '["pw","jwt"]', `${PATH} must hold a JSON object with postgresSuperuserPassword and jwtSecret`],
    ['null', 'null', `${PATH} must hold a JSON object`],
    ['no password', '{"jwtSecret":"jwt"}', `${PATH} has no postgresSuperuserPassword`],
    ['a blank password', '{"postgresSuperuserPassword":" ","jwtSecret":"jwt"}', `${PATH} has no postgresSuperuserPassword`],
    ['no JWT secret', '{"postgresSuperuserPassword":"pw"}', `${PATH} has no jwtSecret`],
    ['a JWT secret that is a number', '{"postgresSuperuserPassword":"pw","jwtSecret":42}', `${PATH} has no jwtSecret`],
  ])('refuses a file %s', (_case, text, start) => {
    expect(() => parseSecrets(text, PATH)).toThrow(start);
    expect(() => parseSecrets(text, PATH)).toThrow(/: (restore|add)/);
  });
});
