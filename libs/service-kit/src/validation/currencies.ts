/**
 * Active ISO 4217 currencies in circulation (list amended to 2025: ZWG replaces ZWL, SLE replaces SLL, XCG
 * replaces ANG, VED added; HRK and CUC withdrawn). Fund codes (BOV, CLF, USN, ...), precious metals (XAU, ...),
 * the SDR (XDR) and the test codes (XTS, XXX) are not prices a shop charges in, so they are refused.
 */
export const ACTIVE_CURRENCIES: ReadonlySet<string> = new Set(
  (
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP ' +
    'CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF ' +
    'IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD ' +
    'MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB ' +
    'RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD ' +
    'UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG'
  ).split(' '),
);

/** True for an upper-case code of an active circulating currency ("USD"); "usd", "XXX" and "HRK" are not. */
export function isActiveCurrency(code: string): boolean {
  return ACTIVE_CURRENCIES.has(code);
}
