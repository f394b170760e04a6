// The default theme, plus the styles for notebook charts and walkthrough pages.
import DefaultTheme from 'vitepress/theme';
import './custom.css';

export default DefaultTheme;
