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

/**
 * A table (or anything wide) inside a labelled region that scrolls sideways on a narrow screen;
 * focusable, because a region that scrolls must be reachable by keyboard.
 */
export function scrollRegion(content: HTMLElement, label: string, className = ""): HTMLDivElement {
  const region = document.createElement("div");
  region.className = `cnn-table-scroll ${className}`.trim();
  region.tabIndex = 0;
  region.setAttribute("role", "region");
  region.setAttribute("aria-label", label);
  region.append(content);
  return region;
}
