// The engine's reasons in Russian: why money was kept for matching, what a bank statement's document came to,
// why a file is no statement. The engine writes them as English sentences (api/services/bank-statements.ts,
// accounting.ts, reconciliation.ts, integrations/bank-statement.ts); a reason not known here is shown as written.

const REASONS_RU: [RegExp, (...parts: string[]) => string][] = [
  [/^no invoice number in НазначениеПлатежа$/, () => 'в назначении платежа нет номера счёта'],
  // more than an open order's invoice still asks (api/services/payments-in.ts, excessReason)
  [/^(.+) is more than invoice (\S+) still asks \((.+)\)$/, (money, number, asks) => `${money} — больше, чем ещё ждёт счёт ${number} (${asks})`],
  [/^invoice (\S+) is (cancelled|paid) and asks for nothing more: (.+) came$/, (number, status, money) => `счёт ${number} ${status === 'paid' ? 'уже оплачен' : 'отменён'}, а пришло ${money}`],
  [/^order (\S+) is closed$/, (number) => `заказ ${number} закрыт`],
  [/^several invoices named: (.+)$/, (list) => `названо несколько счетов: ${list}`],
  [/^no invoice (.+)$/, (number) => `счёта ${number} у нас нет`],
  [/^payer INN (\S+) is not the buyer's (\S+)$/, (payer, buyer) => `ИНН плательщика (${payer === 'missing' ? 'не указан' : payer}) не совпадает с ИНН покупателя ${buyer}`],
  [/^invoice (\S+) is in (\w+), the payment in (\w+)$/, (number, invoice, paid) => `счёт ${number} в ${invoice}, оплата в ${paid}`],
  [/^invoice (\S+) is in (\w+)$/, (number, currency) => `счёт ${number} выставлен в ${currency}`],
  [/^entered by hand without an invoice$/, () => 'внесено вручную без счёта'],
  [/^not to the seller’s account$/, () => 'не на наш счёт'],
  [/^money paid out from the seller’s account$/, () => 'списание с нашего счёта'],
  [/^the same document as no\. (\d+) of this file$/, (index) => `тот же документ, что № ${index} в этом файле`],
  [/^recorded from an earlier statement$/, () => 'уже записан из прежней выписки'],
  [/^the order is closed$/, () => 'заказ закрыт'],
  [/^a refund to the buyer$/, () => 'возврат покупателю'],
  [/^no "Кодировка=" line: cannot tell how the file is encoded$/, () => 'в файле нет строки «Кодировка=», непонятно, как его читать'],
  [/^unknown encoding "Кодировка=(.*)": expected Windows, DOS or UTF-8$/, (declared) => `неизвестная кодировка «${declared}»: ожидается Windows, DOS или UTF-8`],
  [/^the file says Кодировка=(.*) but is written in (\S+)$/, (declared, actual) => `в файле указано «Кодировка=${declared}», а записан он в ${actual}`],
  [/^the file does not start with (\S+)$/, (header) => `файл не начинается со строки ${header}`],
  // a statement document that cannot be read: each of its problems, joined by "; "
  [/^(\S+) is missing$/, (name) => `нет поля ${name}`],
  [/^(\S+) "(.*)" is not a 20-digit account$/, (name, value) => `${name} «${value}» — не 20-значный счёт`],
  [/^(\S+) contains a control character$/, (name) => `в поле ${name} управляющий символ`],
  [/^(\S+) "(.*)" is not a date dd\.mm\.yyyy$/, (name, value) => `${name} «${value}» — не дата вида ДД.ММ.ГГГГ`],
  [/^(\S+) "(.*)" is not a positive amount in roubles$/, (name, value) => `${name} «${value}» — не сумма в рублях больше нуля`],
  [/^the document has no КонецДокумента$/, () => 'у документа нет строки КонецДокумента'],
];

export function reasonRu(text: string): string {
  return text
    .split('; ')
    .map((part) => {
      for (const [pattern, say] of REASONS_RU) {
        const found = pattern.exec(part);
        if (found) return say(...found.slice(1));
      }
      return part;
    })
    .join('; ');
}
