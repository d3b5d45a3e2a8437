// Each result's action row: the link to the passage and 「役に立った / 役に立たなかった」.
// A reader's first vote on a passage is the one recorded (POST /v1/feedback, one vote per reader
// and passage in the editors' figures) and remembered on this device (votes.js); pressing again,
// either button, even after a reload, only says which answer was recorded, and that button stays
// pressed.

import { postJson } from './api-client.js';
import { attributes, element } from './dom.js';
import { recordedVote, recordVote } from './votes.js';

/**
 * The row for `hit`. `widget` gives labels, api() and partner(); `href`: the passage's http(s) link,
 * or null (then the row has no link); `open(event)`: the link's click handler.
 */
export function actionRow(hit, query, widget, href, open) {
  const labels = widget.labels;
  const row = attributes(element('div', 'actions', 'actions'), {
    role: 'group',
    'aria-label': labels.wasItHelpful(hit.heading),
  });
  const link = element('a', '', 'link', labels.read + ' ›');
  link.href = href;
  link.onclick = link.onauxclick = open;
  const message = attributes(element('span', 'vote-message', 'feedback-message'), { 'aria-live': 'polite' });
  const choices = [labels.helpful, labels.notHelpful];
  const buttons = choices.map((text, index) => {
    const button = element('button', '', 'feedback', text);
    button.type = 'button';
    button.onclick = () => vote(index === 0);
    return button;
  });
  const show = () => {
    const recorded = recordedVote(hit.id);
    buttons.forEach((button, index) => button.setAttribute('aria-pressed', String(recorded === (index === 0))));
  };
  let sending = false;
  async function vote(helpful) {
    const recorded = recordedVote(hit.id);
    if (recorded !== undefined) {
      message.textContent = labels.alreadyAnswered(choices[recorded ? 0 : 1]);
      return;
    }
    if (sending) return;
    sending = true;
    const body = { query, passage_id: hit.id, helpful };
    if (widget.partner()) body.partner = widget.partner();
    if (await postJson(widget.api(), '/v1/feedback', body)) {
      recordVote(hit.id, helpful);
      show();
      message.textContent = labels.thanks;
    } else {
      message.textContent = labels.voteFailed;
    }
    sending = false;
    widget.placeRows();
  }
  show();
  const votes = element('span', 'votes');
  votes.append(...buttons);
  if (href) row.append(link); // a link that is not http(s) is dropped: a link that does nothing misleads
  row.append(votes, message);
  return row;
}
