import { saveJson } from './saveJson';

describe('saveJson', () => {
  it('clicks a temporary download link for a JSON blob and cleans up', async () => {
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:http://backstage.test/1');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    jest.useFakeTimers();
    try {
      saveJson('lonn-gravitee-v2.json', { a: 1 });
      expect(click).toHaveBeenCalledTimes(1);
      const clicked = click.mock.contexts[0] as HTMLAnchorElement;
      expect(clicked.download).toBe('lonn-gravitee-v2.json');
      expect(clicked.href).toBe('blob:http://backstage.test/1');
      expect(document.querySelector('a[download]')).toBeNull();
      const blob = createObjectURL.mock.calls[0][0];
      expect(blob.type).toBe('application/json');
      expect(revokeObjectURL).not.toHaveBeenCalled();
      jest.runAllTimers();
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:http://backstage.test/1');
    } finally {
      jest.useRealTimers();
      click.mockRestore();
    }
  });
});
