// The bus's backoffs use service-kit's abortable sleep (the gateway's listener needs it too, without the bus).
export { sleep } from '@shop/service-kit';
