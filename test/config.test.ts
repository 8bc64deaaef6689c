import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDurationText, readConfig } from '../src/config.js';
import { StackhookError } from '../src/errors.js';

const CWD = path.resolve('/srv/stackhook');

function configError(run: () => unknown): StackhookError {
  try {
    run();
  } catch (error) {
    if (error instanceof StackhookError) return error;
    throw error;
  }
  throw new Error('expected a StackhookError');
}

describe('readConfig', () => {
  it('given no flags and no environment, when read, then the documented defaults apply, relative to the working directory', () => {
    expect(readConfig([], {}, CWD)).toEqual({
      host: '127.0.0.1',
      port: 8989,
      dataDir: path.join(CWD, 'data'),
      typesDir: path.join(CWD, 'resource-types'),
      callbackHosts: ['127.0.0.1', 'localhost', '::1'],
      actionsDir: null,
      filesRoot: path.join(CWD, 'data', 'files'),
      bodyLimitBytes: 1024 * 1024,
      reportGiveUpMs: 3_600_000,
      reportRetryBaseMs: 1000,
      logLevel: 'info',
    });
  });

  it('given environment variables, when read, then they replace the defaults', () => {
    const config = readConfig([], {
      STACKHOOK_HOST: '0.0.0.0', STACKHOOK_PORT: '9000', STACKHOOK_DATA_DIR: '/var/lib/sh',
      STACKHOOK_CALLBACK_HOSTS: ' Heat.Example.ORG , 10.0.0.5 ,', STACKHOOK_BODY_LIMIT: '512kb',
      STACKHOOK_REPORT_GIVE_UP: '10m', STACKHOOK_REPORT_RETRY_BASE: '250ms', STACKHOOK_LOG_LEVEL: 'debug',
    }, CWD);

    expect(config).toMatchObject({
      host: '0.0.0.0', port: 9000, dataDir: '/var/lib/sh', filesRoot: '/var/lib/sh/files',
      callbackHosts: ['heat.example.org', '10.0.0.5'], bodyLimitBytes: 512 * 1024,
      reportGiveUpMs: 600_000, reportRetryBaseMs: 250, logLevel: 'debug',
    });
  });

  it('given both a flag and its environment variable, when read, then the flag wins', () => {
    const config = readConfig(['--port', '7000', '--log-level=warn', '--types-dir', 'types'], {
      STACKHOOK_PORT: '9000', STACKHOOK_LOG_LEVEL: 'debug', STACKHOOK_TYPES_DIR: '/elsewhere', STACKHOOK_HOST: '::1',
    }, CWD);

    expect(config).toMatchObject({ port: 7000, logLevel: 'warn', typesDir: path.join(CWD, 'types'), host: '::1' });
  });

  it('given blank environment variables, when read, then they count as unset', () => {
    expect(readConfig([], { STACKHOOK_PORT: '  ', STACKHOOK_LOG_LEVEL: '' }, CWD)).toMatchObject({ port: 8989, logLevel: 'info' });
  });

  it.each([
    [['--port', '70000'], {}, '--port / STACKHOOK_PORT', '"70000"'],
    [['--port', 'http'], {}, '--port / STACKHOOK_PORT', '"http"'],
    [[], { STACKHOOK_PORT: '-1' }, '--port / STACKHOOK_PORT', '"-1"'],
    [['--report-give-up', 'soon'], {}, '--report-give-up / STACKHOOK_REPORT_GIVE_UP', '"soon"'],
    [[], { STACKHOOK_REPORT_RETRY_BASE: '5 minutes' }, '--report-retry-base / STACKHOOK_REPORT_RETRY_BASE', '"5 minutes"'],
    [['--log-level', 'loud'], {}, '--log-level / STACKHOOK_LOG_LEVEL', '"loud"'],
    [['--body-limit', '2gb'], {}, '--body-limit / STACKHOOK_BODY_LIMIT', '"2gb"'],
  ] as const)('given %j with env %j, when read, then CONFIG_INVALID names %s and the value', (argv, env, names, value) => {
    const error = configError(() => readConfig([...argv], { ...env }, CWD));

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.status).toBe(500);
    expect(error.message).toContain(names);
    expect(error.message).toContain(value);
  });

  it('given a read configuration, when someone tries to change it, then it is frozen, lists included', () => {
    const config = readConfig([], {}, CWD);

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.callbackHosts)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => (config.callbackHosts as string[]).push('evil.example')).toThrow(TypeError);
  });
});

describe('parseDurationText', () => {
  it('given the written forms, when parsed, then they are milliseconds; bare numbers are seconds', () => {
    expect(['250ms', '90s', '10m', '1h', '1.5s', '30', ' 2m '].map(parseDurationText))
      .toEqual([250, 90_000, 600_000, 3_600_000, 1500, 30_000, 120_000]);
  });

  it('given text that is not a duration, when parsed, then the answer is undefined', () => {
    expect(['', 'soon', '-5s', '10 days', '1d'].map(parseDurationText)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
