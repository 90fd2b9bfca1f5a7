// "Copy link": writes the current view into the hash at once and copies the
// whole URL. The link is also shown in a read-only field, because clipboard
// access can be refused (permissions, embedded frames).
import { useState } from 'react';
import { currentShareLink } from '../../services/share/urlSync';

export function CopyLinkButton({ showField = false, testId = 'share.copy-link' }: { showField?: boolean; testId?: string }) {
  const [link, setLink] = useState('');
  const [status, setStatus] = useState<'idle' | 'copied' | 'select'>('idle');
  const copy = async () => {
    const url = currentShareLink();
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setStatus('copied');
    } catch {
      setStatus('select'); // no clipboard: the field below holds the link
    }
  };
  return (
    <span className="share-copy">
      <button type="button" data-testid={testId} data-status={status} onClick={() => void copy()} title="Copy a link to this exact view">
        {status === 'copied' ? 'Link copied' : 'Copy link'}
      </button>
      {(showField || status === 'select') && link && (
        <input data-testid="share.link" readOnly value={link} size={40} onFocus={(e) => e.target.select()} aria-label="link to this view" />
      )}
    </span>
  );
}
