// An accessible data table: a header row of column scopes, then the caller fills the body.
export function tableWithHeader(className: string, headers: string[]): {table: HTMLTableElement; body: HTMLTableSectionElement} {
  const table = document.createElement("table");
  table.className = className;
  const head = table.createTHead().insertRow();
  for (const h of headers) {
    const th = document.createElement("th");
    th.textContent = h;
    th.scope = "col";
    head.append(th);
  }
  return {table, body: table.createTBody()};
}
