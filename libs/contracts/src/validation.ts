import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EventContract } from './contract';
import { EventEnvelope, envelopeSchema } from './envelope';
import { contractKey, findContract } from './registry';

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validateEnvelopeShape = ajv.compile(envelopeSchema);
const payloadValidators = new Map<string, ValidateFunction>();

/** A message that does not match its contract: never published, and dead-lettered when consumed. */
export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

function payloadValidator(contract: EventContract): ValidateFunction {
  const key = contractKey(contract.type, contract.version);
  let validate = payloadValidators.get(key);
  if (!validate) {
    validate = ajv.compile(contract.payloadSchema);
    payloadValidators.set(key, validate);
  }
  return validate;
}

/** Checks the envelope and its payload against the contract registry; throws ContractViolation. */
export function validateEnvelope(value: unknown): EventEnvelope {
  if (!validateEnvelopeShape(value)) {
    throw new ContractViolation(`invalid envelope: ${ajv.errorsText(validateEnvelopeShape.errors)}`);
  }
  const envelope = value as unknown as EventEnvelope;
  const contract = findContract(envelope.type, envelope.version);
  if (!contract) throw new ContractViolation(`unknown event ${envelope.type} v${envelope.version}`);
  if (contract.aggregateType !== envelope.aggregateType) {
    throw new ContractViolation(`${envelope.type} belongs to aggregate ${contract.aggregateType}, not ${envelope.aggregateType}`);
  }
  const validate = payloadValidator(contract);
  if (!validate(envelope.payload)) {
    throw new ContractViolation(`${envelope.type} v${envelope.version} payload: ${ajv.errorsText(validate.errors, { dataVar: 'payload' })}`);
  }
  return envelope;
}
