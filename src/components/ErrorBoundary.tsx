// Keeps a render error inside the part of the lab that threw it: the failed part shows what
// failed and why, the rest of the app keeps running. A class because React 19 still has no hook
// for this (getDerivedStateFromError).
// NOTE: it holds no lab state and touches none. "Try again" only clears its own error, which
// mounts the children afresh; the store, labels and the URL are as the error left them.
import { Component, type ReactNode } from 'react';

interface Props {
  /** What failed, as the user knows it: "the Ranking panel", "the header". */
  name: string;
  /** Prefix of the fallback's test ids: `${testId}.error`, `${testId}.retry`. */
  testId: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(thrown: unknown): State {
    return { error: thrown instanceof Error ? thrown : new Error(String(thrown)) };
  }

  // (React itself logs the error with the component stack: no componentDidCatch needed.)
  private retry = () => this.setState({ error: null });

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { name, testId } = this.props;
    return (
      <div className="error" role="alert" data-testid={`${testId}.error`}>
        <p>
          <strong>Something went wrong in {name}.</strong> The rest of the lab still works; your labels and view are
          kept.
        </p>
        <pre style={{ whiteSpace: 'pre-wrap' }} data-testid={`${testId}.error-message`}>{error.message || error.name}</pre>
        <button type="button" data-testid={`${testId}.retry`} onClick={this.retry}>
          Try again
        </button>
      </div>
    );
  }
}
