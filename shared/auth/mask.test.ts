import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { maskEvent, maskName, maskPhone } from './mask';

describe('personal data masking', () => {
  it('masks phones as 138****1234 and names to the family name', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138-1234-1234')).toBe('861****1234');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('*');
  });

  it("masks an event's reporter and leaves everything else as is", () => {
    const e = makeEvent('a', { reporter: { name: '王小明', phone: '13900001111' } });
    expect(maskEvent(e)).toEqual({ ...e, reporter: { name: '王**', phone: '139****1111' } });
    const anonymous = makeEvent('b');
    expect(maskEvent(anonymous)).toBe(anonymous);
  });
});
