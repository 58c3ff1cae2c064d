import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from '../config.ts';
import { AesGcmPayloadCodec } from './codec.ts';

type TemporalConfig = Pick<
  Config,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_NAMESPACE'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CERT'
  | 'TEMPORAL_TLS_KEY'
  | 'TEMPORAL_TLS_CA'
  | 'TEMPORAL_API_KEY'
  | 'PAYLOAD_CODEC_KEY'
>;

export function dataConverter(config: Pick<Config, 'PAYLOAD_CODEC_KEY'>): DataConverter {
  return { payloadCodecs: [AesGcmPayloadCodec.fromBase64(config.PAYLOAD_CODEC_KEY)] };
}

function tlsOptions(config: TemporalConfig): ConnectionOptions['tls'] {
  const useTls = config.TEMPORAL_TLS || Boolean(config.TEMPORAL_TLS_CERT) || Boolean(config.TEMPORAL_API_KEY);
  if (!useTls) return undefined;
  return {
    ...(config.TEMPORAL_TLS_CA ? { serverRootCACertificate: Buffer.from(config.TEMPORAL_TLS_CA) } : {}),
    ...(config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY
      ? { clientCertPair: { crt: Buffer.from(config.TEMPORAL_TLS_CERT), key: Buffer.from(config.TEMPORAL_TLS_KEY) } }
      : {}),
  };
}

/** Client used by web (and tests) to send commands; shares the worker's codec. */
export async function connectClient(config: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect({
    address: config.TEMPORAL_ADDRESS,
    tls: tlsOptions(config),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config) });
}

export async function connectWorker(config: TemporalConfig): Promise<NativeConnection> {
  const options: NativeConnectionOptions = {
    address: config.TEMPORAL_ADDRESS,
    tls: tlsOptions(config),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
  return NativeConnection.connect(options);
}
