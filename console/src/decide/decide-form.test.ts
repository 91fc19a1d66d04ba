import { describe, expect, it } from 'vitest';
import { ApiError, UnauthorizedError } from '../shell/api';
import { callView } from '../testing';
import { answerBody, decideForm, decisionErrorText, redirectBody } from './decide-form';

describe('decide form', () => {
  it('builds the bodies the operator API takes', () => {
    expect(answerBody(['audio', 'video'], ' ')).toEqual({ acceptedModalities: ['audio', 'video'] });
    expect(answerBody([], 'hd')).toEqual({ acceptedModalities: [], mediaProfile: 'hd' });
    expect(redirectBody('phone', ' +15550100 ', '', '30')).toEqual({
      targets: [{ kind: 'phone', id: '+15550100' }],
      timeout: 30,
    });
  });

  it.each([
    [
      new ApiError(400, 'acceptedModalities should not be empty'),
      /^Refused \(400\): acceptedModalities/,
    ],
    [new ApiError(409, 'call c was already decided'), /^Already decided \(409\)/],
    [new ApiError(410, 'the deadline has passed'), /^Too late \(410\)/],
    [new UnauthorizedError(), /401/],
  ])('says what %s means', (error, text) => {
    expect(decisionErrorText(error)).toMatch(text);
  });

  it('shows the API refusal in an alert and keeps the form usable', async () => {
    const form = decideForm(
      async () => {
        throw new ApiError(409, 'call c was already decided');
      },
      () => undefined,
    );
    document.body.append(form);
    const answer = form.querySelector<HTMLFormElement>('form.decide-answer')!;
    answer.requestSubmit();
    await new Promise((done) => setTimeout(done, 0));
    expect(form.querySelector('[role="alert"]')?.textContent).toMatch(/Already decided \(409\)/);
    expect(answer.querySelector('button')?.disabled).toBe(false);
  });

  it('sends the chosen modalities on Answer and reports the outcome', async () => {
    const sent: unknown[] = [];
    const form = decideForm(
      async (decision, body) => {
        sent.push([decision, body]);
        return callView({ decision: 'answer', outcome: 'sent' });
      },
      () => undefined,
    );
    document.body.append(form);
    form.querySelector<HTMLInputElement>('#modality-video')!.checked = true;
    form.querySelector<HTMLFormElement>('form.decide-answer')!.requestSubmit();
    await new Promise((done) => setTimeout(done, 0));
    expect(sent).toEqual([['answer', { acceptedModalities: ['audio', 'video'] }]]);
    expect(form.querySelector('[role="status"]')?.textContent).toBe('answer sent: outcome sent.');
  });
});
