// The report's traffic map in words: a table of its boxes and one of its
// arrows, each with the calls the map draws on it, for a reader who cannot
// see the picture (a screen reader gets only the map's title from it). Made
// from the counts trafficMap draws, so the table and the map cannot disagree.
// Folded away (<details>) under the map: the map's description points at its
// summary line, which says what the table holds. An SMS offer box's calls are
// said as on the map: the offers made, and the calls not offered.
// (An offer's arrow no call took has one row, as its box one count: 0.)

import { offerWords, type TrafficMap } from './trafficMap';
import { counted, grouped } from '../text/counted';
import { scrollBox } from './pageMarkup';
import { markupText as esc } from '../text/markupText';

/** `describedBy` is the id the map's SVG names as its description (trafficMap): the summary line here gets it. */
export function mapTable(map: Pick<TrafficMap, 'boxes' | 'moves'>, line: string, describedBy: string): string {
  const names = new Map(map.boxes.map((box) => [box.id, box.name]));
  const name = (id: string) => esc(names.get(id) ?? id);
  const boxes = `<table data-map-boxes><caption>Calls through each box of the ${esc(line)} line</caption><thead><tr><th scope="col">Box</th><th scope="col">Calls</th><th scope="col">Ended here</th><th scope="col">Of those, hung up before pressing a key</th></tr></thead><tbody>${map.boxes
    .map((box) => `<tr><th scope="row">${esc(box.name)}</th><td>${offerWords(box)?.join(', ') ?? grouped(box.passed)}</td><td>${grouped(box.ended)}</td><td>${grouped(box.gaveUp)}</td></tr>`)
    .join('')}</tbody></table>`;
  // An arrow with no label is the one way on ("then"); an arrow back into its box is the menu said again. The arrow
  // out of an SMS offer has a row for the calls offered the SMS and one for those not offered (trafficMap).
  const moves = `<table data-map-moves><caption>Calls along each arrow of the ${esc(line)} line</caption><thead><tr><th scope="col">From</th><th scope="col">Key or outcome</th><th scope="col">To</th><th scope="col">Calls</th></tr></thead><tbody>${map.moves
    .map((move) => `<tr><th scope="row">${name(move.from)}</th><td>${esc(move.ways || 'then')}</td><td>${name(move.to)}</td><td>${grouped(move.calls)}</td></tr>`)
    .join('')}</tbody></table>`;
  return `<details class="map-table"><summary id="${esc(describedBy)}">The map as a table: ${counted(map.boxes.length, 'box', 'boxes')} and the ${counted(new Set(map.moves.map((move) => `${move.from} ${move.to}`)).size, 'arrow')} between them, each with its calls</summary>
${scrollBox(`calls through each box of the ${line} line`, boxes)}
${scrollBox(`calls along each arrow of the ${line} line`, moves)}
</details>`;
}
